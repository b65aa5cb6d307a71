#!/usr/bin/env python3
"""Test oracle: the image URI Flyte 2 computes for a `flyte.Image` chain, re-implemented on real Python.

flyte (flyteorg/flyte-sdk) cannot be installed here. This is our own
re-implementation of what `Image.uri` does in flyte 2.6.5 (src/flyte/_image.py,
_secret.py, _utils/file_handling.py, _utils/uv_script_parser.py), written to
check server/flyte/uri.ts independently: the real things the TypeScript side
imitates are done by Python itself here: hashlib.md5 over the same byte
stream, keyword binding and its TypeErrors (the methods below have the SDK's
signatures, so Python raises the SDK's messages), dataclass repr() of a
Secret and of a uv script header, str() of a tuple, pathlib.Path semantics,
tomllib for the script header, and real file reads from the working folder.

What uri.ts reports as not knowable, this oracle reports the same way
({"unknown": reason}); it never guesses either.

Input (stdin, JSON): {"version": "2.6.5", "localPython": [3, 11], "cases": [CASE, ...]}
  CASE as in scripts/record-flyte-golden.py (name, files, chain).
  Each case's files are written into a fresh temporary working folder.
Output (stdout, JSON): {name: {"uri": ...} | {"error": "Type: message"} | {"unknown": reason}}
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path


class Unknown(Exception):
    """The URI cannot be known statically."""


VERSION = "2.6.5"


def version_tuple(v):
    return tuple(int(x) for x in re.match(r"v?(\d+)\.(\d+)\.(\d+)", v).groups())


def preset_registry():
    """The registry of the default image with no config: none since 2.5.13, ghcr.io/flyteorg before."""
    return None if version_tuple(VERSION) >= (2, 5, 13) else "ghcr.io/flyteorg"


LOCAL_PYTHON = (sys.version_info.major, sys.version_info.minor)


# ---------------------------------------------------------------------------
# Secret: a dataclass with flyte's field order and defaulting, so repr() is Python's own.


@dataclasses.dataclass
class Secret:
    key: str
    group: object = None
    mount: object = None
    as_env_var: object = None

    def __post_init__(self):
        if not self.mount and not self.as_env_var:
            name = f"{self.group}_{self.key}" if self.group else self.key
            self.as_env_var = name.replace("-", "_").upper()
        if self.mount and str(self.mount) != "/etc/flyte/secrets":
            raise ValueError("Only /etc/flyte/secrets is supported as secret mount path today.")
        if self.as_env_var is not None and not re.match(r"^[A-Z_][A-Z0-9_]*$", self.as_env_var):
            raise ValueError(f"Invalid environment variable name: {self.as_env_var}, must match ^[A-Z_][A-Z0-9_]*$")


# The uv script header, as flyte's parser returns it: a dataclass whose repr is hashed.
@dataclasses.dataclass
class ToolUVConfig:
    exclude_newer: object = None


@dataclasses.dataclass
class UVScriptMetadata:
    requires_python: object = None
    dependencies: list = dataclasses.field(default_factory=list)
    pyprojects: list = dataclasses.field(default_factory=list)
    tool: object = None


def parse_script_header(path: Path) -> UVScriptMetadata:
    text = path.read_text(encoding="utf-8")
    m = re.search(r"# /// script\s*(.*?)# ///", text, re.DOTALL)
    if not m:
        raise ValueError("No uv metadata block found")
    body = "\n".join(line.lstrip("# ").rstrip() for line in m.group(1).splitlines())
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as e:
        raise Unknown(f"the script header is not TOML we parse the same way ({e})")
    deps = data.get("dependencies", [])
    uv = data.get("tool", {}).get("uv", {})
    return UVScriptMetadata(
        requires_python=data.get("requires-python"),
        dependencies=[x for x in deps if "file://" not in x],
        pyprojects=[x.split("file://")[-1] for x in deps if "file://" in x],
        tool={"uv": ToolUVConfig(exclude_newer=uv.get("exclude-newer"))} if uv else None,
    )


# ---------------------------------------------------------------------------
# Layers: (kind, fields) plus the bytes each feeds the md5.


def as_tuple(v):
    if isinstance(v, list):
        return tuple(v)
    if isinstance(v, tuple):
        return v
    return (v,)


def no_lists(kind, fields):
    for k, v in fields.items():
        if isinstance(v, list):
            raise TypeError(
                f"{kind} field '{k}' is a list: {v!r}. Hint: Pass items as separate arguments, e.g., 'vim', 'git' instead of ['vim', 'git']."
            )
        if isinstance(v, tuple):
            for i, x in enumerate(v):
                if isinstance(x, list):
                    raise TypeError(
                        f"{kind} field '{k}' contains a list at index {i}: {x!r}. Hint: Pass items as separate arguments, e.g., 'vim', 'git' instead of ['vim', 'git']."
                    )


class Layer:
    def __init__(self, kind, check=True, **fields):
        self.kind = kind
        self.fields = fields
        if check:
            no_lists(kind, fields)

    def __getattr__(self, k):
        return self.fields[k]


def read(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def secrets_text(mounts) -> str:
    return "".join(str(s) for s in mounts) if mounts else ""


def pip_text(layer) -> str:
    f = layer.fields
    out = ""
    if f.get("index_url"):
        out += f["index_url"]
    if f.get("extra_index_urls"):
        out += "".join(f["extra_index_urls"])
    if f.get("pre"):
        out += str(f["pre"])
    if f.get("extra_args"):
        out += f["extra_args"]
    return out + secrets_text(f.get("secret_mounts"))


def layer_bytes(layer, ignore_patterns) -> bytes:
    f = layer.fields
    k = layer.kind
    if k == "PipPackages":
        return (pip_text(layer) + "".join(f.get("packages") or ())).encode()
    if k == "Requirements":
        return pip_text(layer).encode() + read(f["file"])
    if k in ("AptPackages", "Commands"):
        return ("".join(f["packages" if k == "AptPackages" else "commands"]) + secrets_text(f.get("secret_mounts"))).encode()
    if k == "WorkDir":
        return f["workdir"].encode()
    if k in ("Env",):
        return " ".join(f"{a}={b}" for a, b in f["env_vars"]).encode()
    if k == "_DockerLines":
        return "".join(f["lines"]).encode()
    if k == "DockerIgnore":
        p = Path(f["path"])
        return read(p) if p.exists() else f["path"].encode()
    if k == "UVProject":
        if f["project_install_mode"] != "dependencies_only":
            raise Unknown("install_project hashes the whole project folder (walk order)")
        return pip_text(layer).encode() + (read(f["uvlock"]) if f["uvlock"] is not None else b"") + read(f["pyproject"])
    if k == "PoetryProject":
        if f["project_install_mode"] != "dependencies_only":
            raise Unknown("install_project hashes the whole project folder (walk order)")
        return ((f.get("extra_args") or "") + secrets_text(f.get("secret_mounts"))).encode() + read(f["poetry_lock"]) + read(f["pyproject"])
    if k == "PixiProject":
        if f["project_install_mode"] != "dependencies_only":
            raise Unknown("install_project hashes the whole project folder (walk order)")
        head = (f["environment"] + (f.get("extra_args") or "") + secrets_text(f.get("secret_mounts"))).encode()
        return head + (read(f["pixi_lock"]) if f["pixi_lock"] is not None else b"") + read(f["manifest"])
    if k == "UVScript":
        header = parse_script_header(f["script"])
        if header.pyprojects:
            raise Unknown("the script depends on local projects (file://), hashed as whole folders")
        return str((header,)).encode() + pip_text(layer).encode()
    if k == "CopyConfig":
        src = f["src"]
        if src.is_dir():
            raise Unknown("a copied folder is hashed in os.walk order")
        out = b""
        if src.exists():
            if ignore_patterns:
                raise Unknown("a .dockerignore may exclude the copied file")
            out += read(src) + "".join(str(os.path.basename(str(src))).split(os.sep)).encode()
        return out + (f["dst"].encode() if f["dst"] else b"")
    if k == "CodeBundleLayer":
        raise Unknown("a code bundle is resolved at deploy time")
    raise Unknown(f"layer {k}")


# ---------------------------------------------------------------------------
# Image


_LINES = (
    "LABEL org.opencontainers.image.authors='Union.AI <info@union.ai>'",
    "LABEL org.opencontainers.image.source=https://github.com/flyteorg/flyte",
)
_USER = (
    "if ! id -u flyte >/dev/null 2>&1; then useradd --create-home --shell /bin/bash flyte; fi &&"
    " mkdir -p /home/flyte && chown -R flyte:flyte /home/flyte && chown -R flyte:flyte /root"
)


class Image:
    def __init__(self, **kw):
        self.base_image = kw.get("base_image")
        self.dockerfile = kw.get("dockerfile")
        self.registry = kw.get("registry")
        self.name = kw.get("name")
        self.platform = kw.get("platform", ("linux/amd64",))
        self.python_version = kw.get("python_version", LOCAL_PYTHON)
        self.extendable = kw.get("extendable", False)
        self.is_cloned = kw.get("is_cloned", False)
        self.ref_name = kw.get("ref_name")
        self.layers = kw.get("layers", ())
        self.secret = kw.get("secret")
        self.tag = None

    # constructors -----------------------------------------------------------
    @classmethod
    def _default(cls, python_version, flyte_version, install_flyte, platform):
        if "dev" in VERSION and not flyte_version and install_flyte:
            raise Unknown("a development build of flyte builds its default image differently")
        plat = ("linux/amd64", "linux/arm64") if platform is None else platform
        if install_flyte:
            v = flyte_version if flyte_version is not None else VERSION.replace("+", "-")
            suffix = v if v.startswith("v") else f"v{v}"
            return Image(base_image=f"ghcr.io/flyteorg/flyte:py{python_version[0]}.{python_version[1]}-{suffix}",
                         registry=preset_registry(), name="flyte", python_version=python_version, platform=plat, extendable=True)
        img = Image(base_image=f"python:{python_version[0]}.{python_version[1]}-slim-bookworm", registry=preset_registry(), name="flyte",
                    python_version=python_version, platform=plat, extendable=True)
        img = img.clone(addl_layer=Layer("_DockerLines", lines=_LINES))
        img = img.clone(addl_layer=Layer("Commands", commands=(_USER,), secret_mounts=None))
        img = img.clone(addl_layer=Layer("WorkDir", workdir="/home/flyte"))
        img = img.with_env_vars({"VIRTUAL_ENV": "/opt/venv", "PATH": "/opt/venv/bin:$PATH", "PYTHONPATH": "/root", "UV_LINK_MODE": "copy"})
        img = img.with_apt_packages("build-essential", "ca-certificates")
        img.tag = f"py{python_version[0]}.{python_version[1]}"
        return img

    @classmethod
    def from_debian_base(cls, python_version=None, flyte_version=None, install_flyte=True, registry=None, registry_secret=None,
                         name=None, platform=None):
        if python_version is None:
            python_version = LOCAL_PYTHON
        img = cls._default(python_version, flyte_version, install_flyte, platform)
        if registry or name:
            return img.clone(registry=registry, name=name, registry_secret=registry_secret, extendable=True)
        return img

    @classmethod
    def from_base(cls, image_uri):
        return Image(base_image=image_uri)

    @classmethod
    def from_ref_name(cls, name="default"):
        return Image(name=name, ref_name=name)

    @classmethod
    def from_uv_script(cls, script, *, name, registry=None, registry_secret=None, python_version=None, index_url=None,
                       extra_index_urls=None, pre=False, extra_args=None, platform=None, secret_mounts=None):
        script = Path(script)
        layer = Layer("UVScript", check=False, script=script, index_url=index_url,
                      extra_index_urls=as_tuple(extra_index_urls) if extra_index_urls else None, pre=pre, extra_args=extra_args,
                      secret_mounts=as_tuple(secret_mounts) if secret_mounts else None)
        img = cls.from_debian_base(registry=registry, registry_secret=registry_secret, install_flyte=False, name=name,
                                   python_version=python_version, platform=platform)
        return img.clone(addl_layer=layer)

    @classmethod
    def from_dockerfile(cls, file, registry, name, platform=None):
        platform = as_tuple(platform) if platform else None
        if type(file) is str:
            file = Path(file)
        img = Image(dockerfile=file, registry=registry, name=name, extendable=False, is_cloned=True)
        if platform is not None:
            img.platform = platform
        return img

    def clone(self, registry=None, registry_secret=None, name=None, base_image=None, python_version=None, addl_layer=None,
              extendable=None, platform=None):
        if addl_layer and not self.extendable:
            raise ValueError("Cannot add additional layers to a non-extendable image. Please create the image with extendable=True in the clone() call.")
        if addl_layer and self.dockerfile:
            raise ValueError("Flyte current cannot add additional layers to a Dockerfile-based Image. Please amend the dockerfile directly.")
        name = name or self.name
        if addl_layer and not name:
            raise ValueError(f"Cannot add additional layer {addl_layer.kind}(…) to an image without name. Please first clone().")
        secret = registry_secret or self.secret
        return Image(base_image=base_image or self.base_image, dockerfile=self.dockerfile, registry=registry or self.registry, name=name,
                     platform=as_tuple(platform) if platform else self.platform, python_version=python_version or self.python_version,
                     extendable=extendable if extendable is not None else self.extendable, is_cloned=True,
                     layers=(*self.layers, addl_layer) if addl_layer else self.layers,
                     secret=Secret(key=secret) if isinstance(secret, str) else secret, ref_name=self.ref_name)

    # layers -----------------------------------------------------------------
    def with_workdir(self, workdir):
        return self.clone(addl_layer=Layer("WorkDir", workdir=workdir))

    def with_requirements(self, file, index_url=None, extra_index_urls=None, pre=False, extra_args=None, secret_mounts=None):
        if isinstance(file, str):
            file = Path(file)
        if file.suffix != ".txt":
            raise ValueError(f"Requirements file {file} must have a .txt extension")
        return self.clone(addl_layer=Layer("Requirements", file=file, packages=None, index_url=index_url,
                                           extra_index_urls=as_tuple(extra_index_urls) if extra_index_urls else None, pre=pre,
                                           extra_args=extra_args, secret_mounts=as_tuple(secret_mounts) if secret_mounts else None))

    def with_pip_packages(self, *packages, index_url=None, extra_index_urls=None, pre=False, extra_args=None, secret_mounts=None):
        return self.clone(addl_layer=Layer("PipPackages", packages=packages or None, index_url=index_url,
                                           extra_index_urls=as_tuple(extra_index_urls) if extra_index_urls else None, pre=pre,
                                           extra_args=extra_args, secret_mounts=as_tuple(secret_mounts) if secret_mounts else None))

    def with_env_vars(self, env_vars):
        return self.clone(addl_layer=Layer("Env", env_vars=tuple((k, v) for k, v in env_vars.items())))

    def with_source_folder(self, src, dst=".", copy_contents_only=False):
        if not copy_contents_only:
            dst = str("./" + src.name) if dst == "." else dst
        return self.clone(addl_layer=Layer("CopyConfig", check=False, path_type=1, src=Path(src), dst=dst))

    def with_source_file(self, src, dst="."):
        if isinstance(src, list):
            names = [p.name for p in src]
            dup = {n for n in names if names.count(n) > 1}
            if dup:
                raise ValueError(f"Multiple files with the same name would overwrite each other at destination '{dst}': {sorted(dup)}")
            img = self
            for one in src:
                img = img.clone(addl_layer=Layer("CopyConfig", check=False, path_type=0, src=Path(one), dst=dst))
            return img
        return self.clone(addl_layer=Layer("CopyConfig", check=False, path_type=0, src=Path(src), dst=dst))

    def with_code_bundle(self, copy_style="loaded_modules", dst="."):
        return self.clone(addl_layer=Layer("CodeBundleLayer", copy_style=copy_style, dst=dst))

    def with_dockerignore(self, path):
        return self.clone(addl_layer=Layer("DockerIgnore", path=str(path)))

    def with_uv_project(self, pyproject_file, uvlock=None, index_url=None, extra_index_urls=None, pre=False, extra_args=None,
                        secret_mounts=None, project_install_mode="dependencies_only"):
        if isinstance(pyproject_file, str):
            pyproject_file = Path(pyproject_file)
        if uvlock is None:
            default = pyproject_file.parent / "uv.lock"
            uvlock = default if default.exists() else None
        return self.clone(addl_layer=Layer("UVProject", pyproject=pyproject_file, uvlock=uvlock, index_url=index_url,
                                           extra_index_urls=extra_index_urls, pre=pre, extra_args=extra_args,
                                           secret_mounts=as_tuple(secret_mounts) if secret_mounts else None,
                                           project_install_mode=project_install_mode))

    def with_poetry_project(self, pyproject_file, poetry_lock=None, extra_args=None, secret_mounts=None,
                            project_install_mode="dependencies_only"):
        if isinstance(pyproject_file, str):
            pyproject_file = Path(pyproject_file)
        return self.clone(addl_layer=Layer("PoetryProject", pyproject=pyproject_file,
                                           poetry_lock=poetry_lock or (pyproject_file.parent / "poetry.lock"), extra_args=extra_args,
                                           secret_mounts=as_tuple(secret_mounts) if secret_mounts else None,
                                           project_install_mode=project_install_mode))

    def with_pixi_project(self, manifest_file, pixi_lock=None, environment="default", extra_args=None, secret_mounts=None,
                          project_install_mode="dependencies_only"):
        if isinstance(manifest_file, str):
            manifest_file = Path(manifest_file)
        if manifest_file.is_dir():
            manifest_file = manifest_file / "pixi.toml" if (manifest_file / "pixi.toml").exists() else manifest_file / "pyproject.toml"
        if pixi_lock is None:
            default = manifest_file.parent / "pixi.lock"
            pixi_lock = default if default.exists() else None
        return self.clone(addl_layer=Layer("PixiProject", manifest=manifest_file, pixi_lock=pixi_lock, environment=environment,
                                           extra_args=extra_args, secret_mounts=as_tuple(secret_mounts) if secret_mounts else None,
                                           project_install_mode=project_install_mode))

    def with_apt_packages(self, *packages, secret_mounts=None):
        return self.clone(addl_layer=Layer("AptPackages", packages=packages,
                                           secret_mounts=as_tuple(secret_mounts) if secret_mounts else None))

    def with_commands(self, commands, secret_mounts=None):
        return self.clone(addl_layer=Layer("Commands", commands=as_tuple(commands),
                                           secret_mounts=as_tuple(secret_mounts) if secret_mounts else None))

    # uri --------------------------------------------------------------------
    def uri(self):
        if self.ref_name is not None:
            raise Unknown("from_ref_name: the base image comes from image_refs at deploy time")
        if not self.is_cloned:
            return self.base_image
        patterns = False
        for layer in self.layers:
            if layer.kind == "DockerIgnore" and layer.path.strip():
                p = Path(layer.path)
                if p.is_file():
                    patterns = any(line.strip() and not line.strip().startswith("#") for line in p.read_text(encoding="utf-8").splitlines())
        h = hashlib.md5()
        if self.base_image:
            h.update(self.base_image.encode("utf-8"))
        if self.dockerfile:
            h.update(read(self.dockerfile))
        for layer in self.layers:
            h.update(layer_bytes(layer, patterns))
        tag = self.tag or h.hexdigest() or "latest"
        return f"{self.registry}/{self.name}:{tag}" if self.registry else f"{self.name}:{tag}"


# ---------------------------------------------------------------------------


def to_py(v):
    if isinstance(v, list):
        return [to_py(x) for x in v]
    if isinstance(v, dict):
        if "tuple" in v:
            return tuple(to_py(x) for x in v["tuple"])
        if "dict" in v:
            return {to_py(k): to_py(x) for k, x in v["dict"]}
        if "path" in v:
            return Path(v["path"])
        if "secret" in v:
            return Secret(**{k: to_py(x) for k, x in v["secret"].items()})
        if "unknown" in v:
            raise Unknown(v["unknown"])
    return v


# Methods newer than flyte 2.0.0, with the release that added them.
SINCE = {"with_code_bundle": (2, 0, 3), "with_local_v2_plugins": (2, 0, 10), "with_pixi_project": (2, 5, 12)}


def since(method, owner):
    if version_tuple(VERSION) < SINCE.get(method, (0, 0, 0)):
        raise AttributeError(f"{owner} has no attribute '{method}'")


def run(case):
    work = Path(tempfile.mkdtemp(prefix="flyte-oracle-"))
    old = os.getcwd()
    try:
        for rel, content in (case.get("files") or {}).items():
            f = work / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(bytes(content["bytes"]) if isinstance(content, dict) else content.encode("utf-8"))
        os.chdir(work)
        (method, args, kwargs), *calls = case["chain"]
        try:
            since(method, "type object 'Image'")
            img = getattr(Image, method)(*to_py(args), **{k: to_py(x) for k, x in kwargs.items()})
            for method, args, kwargs in calls:
                since(method, "'Image' object")
                if method == "clone" and "platform" in kwargs and version_tuple(VERSION) < (2, 5, 2):
                    raise TypeError("Image.clone() got an unexpected keyword argument 'platform'")
                img = getattr(img, method)(*to_py(args), **{k: to_py(x) for k, x in kwargs.items()})
            return {"uri": img.uri()}
        except Unknown as e:
            return {"unknown": str(e)}
        except Exception as e:
            return {"error": f"{type(e).__name__}: {e}"}
    finally:
        os.chdir(old)
        shutil.rmtree(work, ignore_errors=True)


def main():
    global VERSION, LOCAL_PYTHON
    data = json.load(sys.stdin)
    VERSION = data.get("version", VERSION)
    if data.get("localPython"):
        LOCAL_PYTHON = tuple(data["localPython"])
    json.dump({c["name"]: run(c) for c in data["cases"]}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
