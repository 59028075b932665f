"""Dataset sizes and the cached demo database each benchmark run reads (built by `crm-desktop demo`)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"


@dataclass(frozen=True)
class Size:
    name: str
    customers: int
    purchases: int


SIZES = {
    "S": Size("S", 1_000, 10_000),
    "M": Size("M", 10_000, 100_000),
    "L": Size("L", 100_000, 1_000_000),
}


def fingerprint() -> str:
    """Changes whenever the demo generator or the schema changes, so a stale cached dataset is rebuilt."""
    digest = hashlib.sha256()
    sources = sorted((ROOT / "crm_desktop" / "services" / "demo").glob("*.py"))
    sources += [ROOT / "crm_desktop" / "db" / name for name in ("models.py", "migrations.py", "search.py")]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def demo_command(path: Path, size: Size, seed: int) -> list[str]:
    return [
        sys.executable, "-m", "crm_desktop", "demo", "--db", str(path),
        "--customers", str(size.customers), "--purchases", str(size.purchases), "--seed", str(seed),
    ]  # fmt: skip


def child_env(home: Path) -> dict[str, str]:
    """The environment of the app's processes: offscreen Qt, and data/config/log folders kept private."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("CRM_DESKTOP_DB", None)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CACHE_HOME", "cache")):  # fmt: skip
        env[var] = str(home / sub)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
    return env


class Dataset:
    """The cached database for one size and seed: `bench/.cache/<size>-seed<N>.db`."""

    def __init__(self, size: Size, seed: int, home: Path) -> None:
        self.size, self.seed, self.home = size, seed, home
        self.path = CACHE_DIR / f"{size.name}-seed{seed}.db"
        self.stamp = self.path.with_suffix(".json")

    def is_current(self) -> bool:
        if not (self.path.exists() and self.stamp.exists()):
            return False
        return json.loads(self.stamp.read_text()).get("fingerprint") == fingerprint()

    def adopt(self, built: Path) -> bool:
        """Keep a freshly built file as the cache if there is no current one (saves a build at L)."""
        if self.is_current():
            return False
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.move(built, self.path)
        self.stamp.write_text(
            json.dumps({"fingerprint": fingerprint(), "size": self.size.name, "seed": self.seed})
        )
        return True

    def ensure(self) -> Path:
        if not self.is_current():
            print(f"building dataset {self.size.name} (seed {self.seed}) in {self.path} ...", flush=True)
            with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
                built = Path(tmp) / "demo.db"
                subprocess.run(demo_command(built, self.size, self.seed), env=child_env(self.home), check=True,
                               stdout=subprocess.DEVNULL)  # fmt: skip
                self.adopt(built)
        return self.path
