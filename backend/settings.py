"""Terminal settings: one pydantic-settings class read from TOML and the environment.

Precedence, highest first: values passed to the constructor (the command line), environment
variables ``OPENREGI_*`` (nested with ``__``, e.g. ``OPENREGI_MONGO__URL``), the TOML file
``openregi.toml`` in the platform's config directory (or ``OPENREGI_CONFIG_FILE``), then the
defaults below. The defaults are the embedded terminal: SQLite, simulated devices, no
MongoDB, no Dapr, loopback only.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

import platformdirs
import tomlkit
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "openregi"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def default_config_file() -> Path:
    override = os.environ.get("OPENREGI_CONFIG_FILE")
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "openregi.toml"


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


class MongoSettings(BaseModel):
    """The store tier on MongoDB; off while ``url`` is empty."""

    url: SecretStr | None = None
    database: str = "openregi"
    tenant: str = "default"
    tls: bool = False
    tls_ca_file: Path | None = None
    tls_allow_invalid_certificates: bool = False
    server_selection_timeout_ms: int = Field(default=3000, ge=100)
    master_pull_interval_seconds: int = Field(default=60, ge=1)
    relay_batch_size: int = Field(default=200, ge=1, le=10000)


class DaprSettings(BaseModel):
    """The Dapr sidecar; off unless ``enabled``. Ports default to Dapr's environment variables."""

    enabled: bool = False
    host: str = "127.0.0.1"
    http_port: int | None = None
    grpc_port: int | None = None
    api_token: SecretStr | None = None
    pubsub_name: str = "openregi-pubsub"
    state_store_name: str = "openregi-state"
    topic_transactions: str = "transaction-log"
    topic_cash: str = "cash-log"
    topic_open_close: str = "open-close-log"
    topic_master_changed: str = "master-data-changed"
    app_port: int | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="OPENREGI_",
        env_nested_delimiter="__",
        extra="ignore",
        validate_default=True,
    )

    config_file: Path = Field(default_factory=default_config_file)
    data_dir: Path = Field(default_factory=default_data_dir)
    host: str = "127.0.0.1"
    port: int = Field(default=0, ge=0, le=65535)
    token: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)))
    allowed_hosts: list[str] = Field(default_factory=lambda: list(LOOPBACK_HOSTS))
    allow_non_loopback: bool = False
    terminal_id: str = Field(default="T001", pattern=r"^[A-Za-z0-9_-]{1,16}$")
    store_code: str = Field(default="0001", pattern=r"^[A-Za-z0-9_-]{1,16}$")
    language: Literal["ja", "en"] = "ja"
    demo: bool = True
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    devices: dict[str, Any] = Field(default_factory=dict)
    mongo: MongoSettings = Field(default_factory=MongoSettings)
    dapr: DaprSettings = Field(default_factory=DaprSettings)
    extra: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = init_settings().get("config_file") or default_config_file()
        toml_source = TomlConfigSettingsSource(settings_cls, toml_file=Path(config_file))
        return (init_settings, env_settings, toml_source)

    @field_validator("host")
    @classmethod
    def _host_is_address(cls, value: str) -> str:
        if value == "localhost":
            return "127.0.0.1"
        try:
            ipaddress.ip_address(value)
        except ValueError as error:
            raise ValueError(f"host must be an IP address such as 127.0.0.1, got {value!r}") from error
        return value

    @model_validator(mode="after")
    def _loopback_unless_allowed(self) -> Settings:
        if not ipaddress.ip_address(self.host).is_loopback and not self.allow_non_loopback:
            raise ValueError(
                f"host {self.host} is not a loopback address; set allow_non_loopback = true"
                " to serve other machines (then also configure TLS in front of it)"
            )
        return self

    @property
    def database_path(self) -> Path:
        return self.data_dir / "terminal.sqlite3"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


# Serialises read-modify-write of the config file between requests of one backend.
_CONFIG_WRITE_LOCK = threading.Lock()


def write_config_tables(config_file: Path, tables: Mapping[str, Mapping[str, Any]]) -> None:
    """Replace whole top-level tables of the TOML config file and leave the rest as it was.

    tomlkit keeps the comments, order and formatting of every other table. The new text goes
    to a temporary file in the same directory, is flushed to disk and then renamed over the
    old file, so a crash leaves either the old or the new file, never a half-written one.
    A new file is created readable by its owner only, because ``mongo.url`` may contain a
    password. Raises OSError when the file cannot be read or written and
    tomlkit.exceptions.ParseError when the existing file is not valid TOML.
    """
    with _CONFIG_WRITE_LOCK:
        if config_file.exists():
            document = tomlkit.parse(config_file.read_text(encoding="utf-8"))
            mode = config_file.stat().st_mode & 0o777
        else:
            document = tomlkit.document()
            mode = 0o600
        for name, values in tables.items():
            document[name] = _toml_table(values)
        config_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{config_file.name}.", suffix=".tmp", dir=config_file.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(tomlkit.dumps(document))
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, config_file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _toml_table(values: Mapping[str, Any]) -> Any:
    """Build a tomlkit table without the None values, because TOML has no null."""
    table = tomlkit.table()
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            table.add(key, _toml_table(value))
        elif isinstance(value, list | tuple) and value and all(isinstance(item, Mapping) for item in value):
            array = tomlkit.aot()
            for item in value:
                array.append(_toml_table(item))
            table.add(key, array)
        else:
            table.add(key, list(value) if isinstance(value, tuple) else value)
    return table


# ----- store-tier connection settings edited through the API -----

# The text GET /sync/config shows in place of a password or token. A PUT that sends it back
# unchanged keeps the stored secret.
SECRET_MASK = "********"

_SettingsModel = TypeVar("_SettingsModel", bound=BaseModel)
_URL_USERINFO = re.compile(r"^(?P<scheme>mongodb(?:\+srv)?://)(?P<userinfo>[^@/]*)@")


class ConnectionSettingsError(ValueError):
    """A store-tier setting sent to the API is invalid; the message names the field."""


def mask_mongo_url(url: str) -> str:
    """Return a MongoDB URL with the password replaced by SECRET_MASK and the user name kept."""
    match = _URL_USERINFO.match(url)
    if match is None or ":" not in match["userinfo"]:
        return url
    user = match["userinfo"].split(":", 1)[0]
    return f"{match['scheme']}{user}:{SECRET_MASK}@{url[match.end():]}"


def _check_mongo_url(url: str) -> None:
    """Raise ConnectionSettingsError unless ``url`` is a well-formed MongoDB URL.

    A ``mongodb://`` URL is parsed by PyMongo's URI parser, which resolves no names. A
    ``mongodb+srv://`` URL is only checked for one host name without a port, because
    PyMongo's parser looks up the SRV record, and settings are saved without network access.
    """
    from pymongo.errors import ConfigurationError, InvalidURI
    from pymongo.uri_parser import parse_uri

    if url.startswith("mongodb+srv://"):
        host = url.removeprefix("mongodb+srv://").rsplit("@", 1)[-1].split("/", 1)[0].split("?", 1)[0]
        if not host or "," in host or ":" in host:
            raise ConnectionSettingsError(
                "mongo.url: a mongodb+srv:// URL needs exactly one host name and no port"
            )
        return
    if not url.startswith("mongodb://"):
        raise ConnectionSettingsError("mongo.url must start with mongodb:// or mongodb+srv://")
    try:
        parse_uri(url)
    except (InvalidURI, ConfigurationError, ValueError) as error:
        raise ConnectionSettingsError(f"mongo.url is invalid: {error}") from error


def _unknown_fields(section: str, body: Mapping[str, Any], model: type[BaseModel]) -> None:
    unknown = sorted(set(body) - set(model.model_fields))
    if unknown:
        raise ConnectionSettingsError(f"{section}: unknown fields {', '.join(unknown)}")


def _validated(section: str, model: type[_SettingsModel], values: dict[str, Any]) -> _SettingsModel:
    try:
        return model.model_validate(values)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            location = ".".join(str(part) for part in item["loc"])
            problems.append(f"{section}.{location}: {item['msg']}")
        raise ConnectionSettingsError("; ".join(problems)) from error


def mongo_settings_from(body: Mapping[str, Any], current: MongoSettings) -> MongoSettings:
    """Validate the ``mongo`` table of a PUT /sync/config body.

    Fields left out take their defaults. An empty or missing ``url`` turns the store tier
    off. The masked URL that GET returned keeps the stored URL. A URL that contains the mask
    as its password but differs otherwise is rejected, so a changed host never receives the
    stored password.
    """
    _unknown_fields("mongo", body, MongoSettings)
    values = dict(body)
    url = values.get("url")
    if url is not None and not isinstance(url, str):
        raise ConnectionSettingsError("mongo.url must be a string")
    url = (url or "").strip()
    stored = current.url.get_secret_value() if current.url is not None else None
    if stored is not None and url == mask_mongo_url(stored):
        url = stored
    elif f":{SECRET_MASK}@" in url:
        raise ConnectionSettingsError(
            "mongo.url: enter the password again, because the URL differs from the stored one"
        )
    if url:
        _check_mongo_url(url)
    values["url"] = url or None
    return _validated("mongo", MongoSettings, values)


def dapr_settings_from(body: Mapping[str, Any], current: DaprSettings) -> DaprSettings:
    """Validate the ``dapr`` table of a PUT /sync/config body; the masked token keeps the stored one."""
    _unknown_fields("dapr", body, DaprSettings)
    values = dict(body)
    if values.get("api_token") == SECRET_MASK:
        values["api_token"] = current.api_token
    if values.get("api_token") == "":
        values["api_token"] = None
    for name in ("http_port", "grpc_port", "app_port"):
        port = values.get(name)
        if port is None:
            continue
        if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
            raise ConnectionSettingsError(f"dapr.{name} must be a port number from 1 to 65535, got {port!r}")
    return _validated("dapr", DaprSettings, values)


def _revealed_table(settings: BaseModel, secret: str) -> dict[str, Any]:
    table = settings.model_dump(mode="json", exclude_defaults=True)
    value = getattr(settings, secret)
    if value is not None:
        table[secret] = value.get_secret_value()
    return table


def mongo_table(settings: MongoSettings) -> dict[str, Any]:
    """Return the ``mongo`` table for the config file: the URL in clear, defaults left out."""
    return _revealed_table(settings, "url")


def dapr_table(settings: DaprSettings) -> dict[str, Any]:
    """Return the ``dapr`` table for the config file: the token in clear, defaults left out."""
    return _revealed_table(settings, "api_token")


def public_mongo(settings: MongoSettings) -> dict[str, Any]:
    """Return the mongo settings for GET /sync/config, with the URL's password masked."""
    data = settings.model_dump(mode="json")
    data["url"] = mask_mongo_url(settings.url.get_secret_value()) if settings.url is not None else None
    return data


def public_dapr(settings: DaprSettings) -> dict[str, Any]:
    """Return the Dapr settings for GET /sync/config, with the API token masked."""
    data = settings.model_dump(mode="json")
    data["api_token"] = SECRET_MASK if settings.api_token is not None else None
    return data
