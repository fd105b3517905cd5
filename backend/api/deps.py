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


ServicesDep = Annotated[Services, Depends(get_services)]
SalesDep = Annotated[SaleService, Depends(get_sales)]
ContextDep = Annotated[TerminalContext, Depends(get_context)]
