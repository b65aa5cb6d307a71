#!/usr/bin/env python3
"""Records golden image tags from flytekit's own image_spec.py, release by release.

Usage:
    python3 scripts/record-flytekit-golden.py CHECKOUT TAG [CHECKOUT TAG ...]

CHECKOUT is a folder holding a checkout of flyteorg/flytekit at the release
TAG (`v1.16.4`), for example one made from a bare clone with

    git -C flytekit.git worktree add /tmp/fk-v1.16.4 v1.16.4
    # or: mkdir /tmp/fk-v1.16.4 && git -C flytekit.git archive v1.16.4 flytekit | tar -x -C /tmp/fk-v1.16.4

Each release's results replace that release's entry in
test/golden/flytekit-tags.json (others are kept), so releases can be
recorded one at a time. To re-record everything the test expects:

    for t in v1.11.0 v1.12.0 v1.12.3 v1.13.0 v1.13.1 v1.13.3 v1.13.4 v1.13.5 v1.13.6 v1.14.0 v1.14.6 \\
             v1.15.0 v1.15.1 v1.15.2 v1.15.3 v1.15.4 v1.16.0 v1.16.3 v1.16.4 v1.16.16 v1.16.24; do
        mkdir -p /tmp/fk-$t && git -C flytekit.git archive $t flytekit | tar -x -C /tmp/fk-$t
        set -- "$@" /tmp/fk-$t $t
    done
    python3 scripts/record-flytekit-golden.py "$@"

How: flytekit cannot be installed (its dependencies are not available), so
for each release a child process builds a stand-in `flytekit` package in
sys.modules with minimal stubs for what flytekit/image_spec/image_spec.py
imports at load time (click, requests, packaging, flytekit.exceptions,
flytekit.clis.helpers, flytekit.tools.*; the release's real
flytekit/constants is loaded when it exists), loads the release's real
image_spec.py, and runs the release's real flytekit/image_spec/__init__.py
with stand-in default/noop builder classes, so the builders register with
flytekit's own priorities. The hashing code that runs is flytekit's. The
stubs for flytekit.tools raise NeedsFiles: a spec whose tag needs a digest of
files (source_root, copy) is recorded as such. platform.machine() is
replaced per spec (1.16.4 reads it).

The specs (SPECS below) cover every behaviour row of
server/flytekit/versions.ts: they differ between releases. This script and
the stubs are our own code; no flytekit code is copied into the repository,
only the recorded values.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "golden", "flytekit-tags.json")

REQUIREMENTS = "\n  pandas==2.2.2\nnumpy>=1.26\n\n"

# Each spec: id, what it shows, the spec in the oracle's JSON value encoding
# (test/oracle/flytekit_tag.py), and the scenario: builder plugins registered
# besides flytekit's own, and platform.machine().
SPECS = [
    {"id": "empty", "why": "unset fields hashed before 1.13.5; new fields change every tag until then", "spec": {}},
    {"id": "registry-packages", "why": "lowercasing; plain list field",
     "spec": {"fields": {"name": "My_Image", "registry": "GHCR.io/Owner", "packages": ["pandas==2.2", "numpy"]}}},
    {"id": "builder-default", "why": "an explicit builder is hashed until 1.15.3",
     "spec": {"fields": {"builder": "default", "packages": ["x"]}}},
    {"id": "builder-unset-envd-installed", "why": "1.15.1-1.15.2 hash the builder flytekit fills in (envd at priority 5)",
     "spec": {"fields": {"packages": ["x"]}}, "plugins": ["envd"]},
    {"id": "builder-unset-flytekit-only", "why": "1.15.1-1.15.2 hash the filled-in `default`",
     "spec": {"fields": {"packages": ["x"]}}},
    {"id": "requirements", "why": "sha1 of the file; stripped from 1.13.5",
     "spec": {"fields": {"name": "req", "requirements": "requirements.txt"}}},
    {"id": "tag-format", "why": "field from 1.12.0", "spec": {"fields": {"name": "fmt", "tag_format": "{spec_hash}-dev"}}},
    {"id": "entrypoint", "why": "field from 1.13.1", "spec": {"fields": {"entrypoint": []}}},
    {"id": "python-exec", "why": "field from 1.15.0", "spec": {"fields": {"python_exec": "/usr/bin/python3"}}},
    {"id": "pip-secret-mounts", "why": "1.15.0: validated, not hashed; pip_extra_args hashed",
     "spec": {"fields": {"pip_secret_mounts": [{"__tuple__": [".gitconfig", "/etc/gitconfig"]}], "pip_extra_args": "--pre"}}},
    {"id": "runtime-packages", "why": "1.15.4: not hashed",
     "spec": {"fields": {"packages": ["a"]}, "chain": [["with_runtime_packages", ["numpy"]]]}},
    {"id": "builder-options", "why": "1.15.4: a dict, hashed; with_builder_options merges",
     "spec": {"fields": {"builder_options": {"__dict__": [["a", "1"]]}},
              "chain": [["with_builder_options", {"__dict__": [["imagepull_secret_name", "s"], ["a", "2"]]}]]}},
    {"id": "builder-config", "why": "field from 1.16.0",
     "spec": {"fields": {"builder_config": {"__dict__": [["uv_image", "ghcr.io/astral-sh/uv:0.5.1"]]}}}},
    {"id": "platform-unset-localhost-x86", "why": "1.16.4 fills platform from the machine",
     "spec": {"fields": {"registry": "localhost:30000"}}, "machine": "x86_64"},
    {"id": "platform-unset-localhost-arm", "why": "1.16.4: linux/arm64 on an arm64 machine",
     "spec": {"fields": {"registry": "localhost:30000"}}, "machine": "arm64"},
    {"id": "platform-none", "why": "dropped from the hash 1.13.5-1.16.3, filled from 1.16.4",
     "spec": {"fields": {"platform": None}}, "machine": "aarch64"},
    {"id": "platform-explicit", "why": "an explicit platform is hashed as is",
     "spec": {"fields": {"platform": "linux/arm64", "registry": "localhost:30000"}}, "machine": "arm64"},
    {"id": "chain", "why": "with_* copy semantics",
     "spec": {"fields": {"packages": ["a"]},
              "chain": [["with_packages", "b"], ["with_apt_packages", ["git"]], ["with_commands", "echo hi"]]}},
    {"id": "chain-tuple", "why": "a tuple is appended before 1.13.5, ignored after",
     "spec": {"fields": {"packages": ["a"]}, "chain": [["with_packages", {"__tuple__": ["x"]}]]}},
    {"id": "force-push-then-with", "why": "force_push survives a later with_* before 1.13.5 (not in the tag)",
     "spec": {"chain": [["force_push"], ["with_packages", "a"]]}},
    {"id": "nested-base", "why": "1.13.5 hashes the nested spec's fields; others its image name",
     "spec": {"fields": {"name": "child", "base_image": {"__spec__": {"fields": {"name": "Base", "packages": ["numpy"]}}}}}},
    {"id": "nested-base-default-builder", "why": "nested base built by `default`",
     "spec": {"fields": {"base_image": {"__spec__": {"fields": {"name": "base", "builder": "default", "registry": "localhost:30000"}}}}}},
    {"id": "source-root", "why": "a digest of files (not computed statically)", "spec": {"fields": {"source_root": "src"}}},
    {"id": "copy", "why": "field from 1.13.6; a digest of files", "spec": {"fields": {"copy": ["src/a.txt"]}}},
    {"id": "with-copy", "why": "with_copy from 1.13.6", "spec": {"chain": [["with_copy", "src"]]}},
    {"id": "everything-plain", "why": "every plain field",
     "spec": {"fields": {"name": "all", "python_version": "3.11", "env": {"__dict__": [["K", "v é ✓"]]},
                         "registry": "docker.io/user", "conda_packages": ["c"], "conda_channels": ["ch"],
                         "apt_packages": ["a"], "base_image": "python:3.11-slim", "pip_index": "https://pypi.org/simple",
                         "pip_extra_index_url": ["https://x/simple"], "commands": ["true"], "registry_config": "cfg.json"}}},
    {"id": "cuda", "why": "cuda/cudnn are plain fields of the tag", "spec": {"fields": {"cuda": "12.1", "cudnn": "8"}}},
    {"id": "registry-scheme", "why": "rejected from 1.13.6", "spec": {"fields": {"registry": "https://ghcr.io/me"}}},
    {"id": "packages-string", "why": "rejected from 1.13.3, hashed as a str before",
     "spec": {"fields": {"packages": "numpy"}}},
    {"id": "registry-empty", "why": "an empty registry is not validated, not prefixed",
     "spec": {"fields": {"registry": "", "name": "e"}}},
]


class NeedsFiles(Exception):
    pass


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


def _needs_files(*args, **kwargs):
    raise NeedsFiles("a digest of files on disk")


def load_flytekit(checkout):
    """The release's flytekit.image_spec package, loaded for real over stubs."""
    fk = os.path.join(checkout, "flytekit")
    _module("click", secho=lambda *a, **k: None, style=lambda s, **k: s)
    _module("requests", get=_needs_files)
    _module("packaging")

    class Version:  # only compared when building with envd
        def __init__(self, text):
            self.text = text

    _module("packaging.version", Version=Version)
    pkg = _module("flytekit", __version__="0.0.0", __path__=[fk])
    _module("flytekit.exceptions", __path__=[])

    class FlyteAssertion(AssertionError):
        pass

    _module("flytekit.exceptions.user", FlyteAssertion=FlyteAssertion)
    _module("flytekit.clis", __path__=[])
    _module("flytekit.clis.helpers", str2bool=lambda v: str(v).lower() in ("true", "t", "1"))
    _module("flytekit.core", __path__=[])
    _module("flytekit.core.context_manager")
    _module("flytekit.tools", __path__=[])
    _module("flytekit.tools.ignore", DockerIgnore=object, GitIgnore=object, StandardIgnore=object, IgnoreGroup=_needs_files)
    _module("flytekit.tools.script_mode", ls_files=_needs_files)
    _module("flytekit.tools.fast_registration", compute_digest=_needs_files)
    constants = os.path.join(fk, "constants", "__init__.py")
    if os.path.exists(constants):
        spec = importlib.util.spec_from_file_location("flytekit.constants", constants)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["flytekit.constants"] = mod
        spec.loader.exec_module(mod)
    image_spec_pkg = _module("flytekit.image_spec", __path__=[os.path.join(fk, "image_spec")], __package__="flytekit.image_spec")
    pkg.image_spec = image_spec_pkg
    spec = importlib.util.spec_from_file_location("flytekit.image_spec.image_spec", os.path.join(fk, "image_spec", "image_spec.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules["flytekit.image_spec.image_spec"] = mod
    spec.loader.exec_module(mod)

    # The builders themselves never run: stand-ins with the builder_type the real classes declare.
    class DefaultImageBuilder(mod.ImageSpecBuilder):
        builder_type = "default"

    class NoOpBuilder(mod.ImageSpecBuilder):
        builder_type = "noop"

    _module("flytekit.image_spec.default_builder", DefaultImageBuilder=DefaultImageBuilder)
    _module("flytekit.image_spec.noop_builder", NoOpBuilder=NoOpBuilder)
    init = os.path.join(fk, "image_spec", "__init__.py")
    with open(init, encoding="utf-8") as f:
        exec(compile(f.read(), init, "exec"), image_spec_pkg.__dict__)
    return mod


def decode(value, cls):
    if isinstance(value, list):
        return [decode(v, cls) for v in value]
    if isinstance(value, dict):
        if "__float__" in value:
            return float(value["__float__"])
        if "__int__" in value:
            return int(value["__int__"])
        if "__tuple__" in value:
            return tuple(decode(v, cls) for v in value["__tuple__"])
        if "__dict__" in value:
            return {decode(k, cls): decode(v, cls) for k, v in value["__dict__"]}
        if "__spec__" in value:
            return build(value["__spec__"], cls)
        raise ValueError(f"untagged object: {value!r}")
    return value


def build(desc, cls):
    spec = cls(**{k: decode(v, cls) for k, v in desc.get("fields", {}).items()})
    for call in desc.get("chain", []):
        spec = getattr(spec, call[0])(*[decode(a, cls) for a in call[1:]])
    return spec


def record_one(checkout):
    """Runs in a child process: the results of every spec for one release."""
    mod = load_flytekit(checkout)
    engine = mod.ImageBuildEngine
    registered = dict(engine._REGISTRY)
    work = tempfile.mkdtemp(prefix="fk-golden-")
    with open(os.path.join(work, "requirements.txt"), "w", encoding="utf-8") as f:
        f.write(REQUIREMENTS)
    os.chdir(work)
    results = []
    for item in SPECS:
        engine._REGISTRY.clear()
        engine._REGISTRY.update(registered)
        for plugin in item.get("plugins", []):
            # flytekitplugins-envd registers with ImageBuildEngine.register's default priority.
            engine.register(plugin, mod.ImageSpecBuilder())
        machine = item.get("machine", "x86_64")
        if hasattr(mod, "platform"):
            mod.platform = types.SimpleNamespace(machine=lambda m=machine: m)
        try:
            spec = build(item["spec"], mod.ImageSpec)
            name = spec.image_name()
            results.append({"image_name": name, "tag": name.rsplit(":", 1)[1]})
        except NeedsFiles as e:
            results.append({"needs_files": str(e)})
        except Exception as e:  # noqa: BLE001 - what flytekit raises is the recorded result
            results.append({"error": f"{type(e).__name__}: {e}"})
    return {"registered": sorted([n, p] for n, (_, p) in registered.items()), "results": results}


def main(argv):
    if len(argv) >= 3 and argv[1] == "--one":
        json.dump(record_one(argv[2]), sys.stdout)
        return 0
    pairs = argv[1:]
    if not pairs or len(pairs) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(OUT, encoding="utf-8") as f:
            golden = json.load(f)
    except FileNotFoundError:
        golden = {}
    golden["about"] = ("Tags computed by flytekit's own flytekit/image_spec/image_spec.py at each release tag, "
                       "recorded by scripts/record-flytekit-golden.py; compared in test/flytekit-golden.test.ts.")
    golden["requirements_txt"] = REQUIREMENTS
    golden["specs"] = [{k: v for k, v in s.items()} for s in SPECS]
    versions = golden.setdefault("versions", {})
    for checkout, tag in zip(pairs[0::2], pairs[1::2]):
        if not os.path.exists(os.path.join(checkout, "flytekit", "image_spec", "image_spec.py")):
            print(f"{checkout}: no flytekit/image_spec/image_spec.py", file=sys.stderr)
            return 1
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", checkout], capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        versions[tag.lstrip("v")] = json.loads(out.stdout)
        print(f"recorded {tag}")
    golden["versions"] = dict(sorted(versions.items(), key=lambda kv: tuple(int(p) for p in kv[0].split("."))))
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
