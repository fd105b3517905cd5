"""Dependency aliases for routes: the services built by the app factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from backend.hub import EventHub
from backend.services.context import TerminalContext
from backend.services.sales import SaleService


@dataclass
class Services:
    context: TerminalContext
    hub: EventHub
    sales: SaleService
    # Optional parts registered by other packages (lifecycle, devices, sync, events).
    extra: dict[str, Any] = field(default_factory=dict)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_sales(request: Request) -> SaleService:
    return get_services(request).sales


def get_context(request: Request) -> TerminalContext:
    return get_services(request).context


# The dependencies themselves are coroutines: FastAPI runs a plain function dependency in
# the thread pool, one thread hand-off per dependency per request for an attribute read.
async def _services_dependency(request: Request) -> Services:
    return get_services(request)


async def _sales_dependency(request: Request) -> SaleService:
    return get_sales(request)


async def _context_dependency(request: Request) -> TerminalContext:
    return get_context(request)


ServicesDep = Annotated[Services, Depends(_services_dependency)]
SalesDep = Annotated[SaleService, Depends(_sales_dependency)]
ContextDep = Annotated[TerminalContext, Depends(_context_dependency)]
