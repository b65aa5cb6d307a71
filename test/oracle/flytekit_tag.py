#!/usr/bin/env python3
"""Test oracle: flytekit's ImageSpec tag algorithm per release, re-implemented on real Python.

flytekit itself cannot be installed here, so this script rebuilds the parts of
flytekit/image_spec/image_spec.py that decide an image's tag and name, for
every release from 1.11.0 to 1.16.x (read at the release tags of
flyteorg/flytekit; each `if V >= (...)` below names the release where the
behaviour changed). It is our own code, written apart from the TypeScript
table in server/flytekit/versions.ts so that the two check each other, on top
of the real things the TypeScript emulation imitates: a real dataclass with
the release's fields in their order (dataclasses.make_dataclass),
dataclasses.asdict with or without a dict_factory, str() of a dict, hashlib,
base64 and str.format. Everything Python-specific (repr of strings, bytes,
floats, dicts, dict key merging, lowercasing) is done by Python.

Input (stdin, JSON):
  {"cwd": "/abs/dir", "version": "1.16.4", "default_builder": "default", "machine": "x86_64",
   "specs": [SPEC, ...]}
  version: the flytekit release (default: the newest mirrored, 1.16.24).
  default_builder: the builder flytekit fills in / builds with when `builder`
    is unset (the highest-priority registered one); null when not known
    (default: "default").
  machine: platform.machine() where pyflyte runs; null when not known
    (default: "x86_64").
  SPEC = {"fields": {name: VALUE, ...}, "chain": [[method, VALUE?], ...]}
  VALUE = JSON scalar / list, or a tagged object:
    {"__float__": "3.0"}         a float (float() of the text, so "Infinity" works)
    {"__int__": "123"}           an int of any size
    {"__tuple__": [VALUE, ...]}  a tuple
    {"__dict__": [[K, V], ...]}  a dict built like a dict display (keys may repeat)
    {"__spec__": SPEC}           a nested ImageSpec
Or, to check a whole Python file end to end:
  {"cwd": "/abs/dir", "source": "python source", "names": ["img", ...], ...}
  The source runs with a stand-in `flytekit` module whose ImageSpec is the
  release's class below; the listed module-level names are the specs reported.
Or a JSON list of such requests, answered by a list of answers.
Output (stdout, JSON): one entry per spec,
  {"tag": ..., "image_name": ..., "hashed": str(dict), "force_push": bool}
  or {"error": "..."}; "unsupported: ..." errors mark what needs files on
  disk or facts the request did not give (the TypeScript side must then say
  the tag is unknown).
"""

import base64
import copy
import dataclasses
import enum
import hashlib
import json
import os
import pathlib
import re
import sys
import types
from dataclasses import asdict, field

NEWEST = (1, 16, 24)


class CopyFileDetection(enum.Enum):
    LOADED_MODULES = 1
    ALL = 2
    NO_COPY = 3


REGISTRY_PATTERN = r"^(localhost:\d{1,5}|([a-z\d\._-]+)(:\d{1,5})?)(/[\w\.-]+)*$"


class Unsupported(Exception):
    """A part of the algorithm that needs files on disk or facts the oracle was not given."""


class _UnknownBuilder:
    """Stands for the name of a registered builder nobody told us; copies keep its identity."""

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def __repr__(self):
        raise Unsupported("the builder flytekit fills in is not known")


UNKNOWN_BUILDER = _UnknownBuilder()


def parse_version(text):
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (3 - len(parts))


def field_names(V):
    names = ["name", "python_version", "builder", "source_root", "env", "registry", "packages", "conda_packages",
             "conda_channels", "requirements", "apt_packages", "cuda", "cudnn", "base_image", "platform", "pip_index"]
    if V >= (1, 12, 0):
        names.append("pip_extra_index_url")
    if V >= (1, 15, 0):
        names += ["pip_secret_mounts", "pip_extra_args"]
    names.append("registry_config")
    if V >= (1, 13, 1):
        names.append("entrypoint")
    names.append("commands")
    if V >= (1, 12, 0):
        names.append("tag_format")
    if V >= (1, 13, 6):
        names += ["source_copy_mode", "copy"]
    if V >= (1, 15, 0):
        names.append("python_exec")
    if V >= (1, 15, 4):
        names += ["runtime_packages", "builder_options"]
    if V >= (1, 16, 0):
        names.append("builder_config")
    return names


def make_image_spec(V, default_builder, machine):
    """The ImageSpec class of release V (with the given registered default builder and machine)."""

    def registered(name):
        if name == "default":
            return V >= (1, 13, 0)
        if name == "noop":
            return V >= (1, 15, 4)
        return True  # plugins (envd) register themselves whatever the release

    def default_of(name):
        if name == "name":
            return "flytekit"
        if name == "platform" and V < (1, 16, 4):
            return "linux/amd64"
        return None

    def post_init(self):
        self.name = self.name.lower()
        self._is_force_push = False
        if self.registry:
            self.registry = self.registry.lower()
            if V >= (1, 13, 6) and not re.match(REGISTRY_PATTERN, self.registry):
                raise ValueError(f"Invalid container registry name: {self.registry!r}")
        if V >= (1, 16, 4) and self.platform is None:
            if self.registry and self.registry.startswith("localhost:"):
                if machine is None:
                    raise Unsupported("platform depends on the machine")
                self.platform = "linux/arm64" if machine.lower() in ("arm64", "aarch64") else "linux/amd64"
            else:
                self.platform = "linux/amd64"
        if V >= (1, 13, 6) and self.source_root is not None:
            self.source_copy_mode = self.source_copy_mode or CopyFileDetection.LOADED_MODULES
        if V >= (1, 15, 1) and self.builder is None:
            self.builder = UNKNOWN_BUILDER if default_builder is None else default_builder
        if V >= (1, 13, 3):
            checked = ["packages", "conda_channels", "conda_packages", "apt_packages", "pip_extra_index_url",
                       "entrypoint", "commands"]
            if V >= (1, 15, 4):
                checked.append("runtime_packages")
            for name in checked:
                value = getattr(self, name)
                if value is not None and not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
                    raise ValueError(f"{name} must be a list of strings or None")
        if V >= (1, 15, 0) and self.pip_secret_mounts is not None:
            good = isinstance(self.pip_secret_mounts, list) and all(
                isinstance(m, tuple) and len(m) == 2 and all(isinstance(p, str) for p in m)
                for m in self.pip_secret_mounts
            )
            if not good:
                raise ValueError("pip_secret_mounts must be a list of tuples of two strings or None")
        if V >= (1, 15, 4) and self.builder_options is not None and not isinstance(self.builder_options, dict):
            raise ValueError("builder_options must be a dictionary or None")

    excluded = []
    if V >= (1, 15, 0):
        excluded.append("pip_secret_mounts")
    if V >= (1, 15, 3):
        excluded.append("builder")
    if V >= (1, 15, 4):
        excluded.append("runtime_packages")

    def as_hashed_dict(spec):
        if V >= (1, 13, 5):
            return asdict(spec, dict_factory=lambda pairs: {k: v for k, v in pairs if v is not None and k not in excluded})
        return asdict(spec)

    def hashed_spec(self):
        spec = copy.deepcopy(self)
        if isinstance(spec.base_image, cls):
            if V < (1, 12, 0):
                raise ValueError("base_image is a str in this release")
            if V != (1, 13, 5):  # 1.13.5 keeps the spec, and asdict hashes its fields
                spec.base_image = spec.base_image.built_name()
        if V >= (1, 13, 6):
            if self.source_copy_mode is not None and self.source_copy_mode != CopyFileDetection.NO_COPY:
                if not self.source_root:
                    raise ValueError("source_root must be set when copy is set")
                raise Unsupported("source_root digest")
            if self.copy:
                raise Unsupported("copy digest")
        elif self.source_root:
            raise Unsupported("source_root digest")
        elif V < (1, 12, 0):
            spec.source_root = b""
        if spec.requirements:
            content = pathlib.Path(spec.requirements).read_bytes()
            if V >= (1, 13, 5):
                content = content.strip()
            spec.requirements = hashlib.sha1(content).hexdigest()
        spec.registry_config = None
        if spec.builder is UNKNOWN_BUILDER and "builder" not in excluded:
            raise Unsupported("the builder flytekit fills in is hashed and not known")
        return spec

    def hashed_text(self):
        return str(as_hashed_dict(hashed_spec(self)))

    def tag(self):
        digest = hashlib.md5(hashed_text(self).encode("utf-8")).digest()
        spec_hash = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=").replace("-", "_")
        if V >= (1, 12, 0) and self.tag_format:
            return self.tag_format.format(spec_hash=spec_hash)
        return spec_hash

    def image_name(self):
        result = f"{self.name}:{self.tag()}"
        if self.registry:
            result = f"{self.registry}/{result}"
        return result

    def built_name(self):
        # ImageBuildEngine.build() builds a base spec first and records the name
        # its builder returns: noop returns base_image, default and envd nothing.
        builder = self.builder
        if builder is None or builder is UNKNOWN_BUILDER:
            builder = default_builder
        if builder is None:
            raise Unsupported("the builder of the base spec is not known")
        if not registered(builder):
            raise AssertionError(f"Image builder {builder} is not registered.")
        if builder == "noop":
            if not isinstance(self.base_image, str):
                raise ValueError("base_image must be a string to use the noop image builder")
            return self.base_image
        if builder not in ("default", "envd"):
            raise Unsupported(f"name chosen by builder {builder}")
        return self.image_name()

    def update(self, attr, values):
        if V < (1, 13, 5):
            new = copy.deepcopy(self)
            if getattr(new, attr) is None:
                setattr(new, attr, [])
            if isinstance(values, list):
                getattr(new, attr).extend(values)
            else:
                getattr(new, attr).append(values)
            return new
        if V < (1, 15, 4):
            current = copy.deepcopy(getattr(self, attr)) or []
            if isinstance(values, str):
                current.append(values)
            elif isinstance(values, list):
                current.extend(values)
            return dataclasses.replace(self, **{attr: current})
        current = copy.deepcopy(getattr(self, attr))
        if current is None:
            current = {} if isinstance(values, dict) else []
        if isinstance(values, str):
            if not isinstance(current, list):
                raise TypeError(f"Cannot append string to non-list attribute {attr}")
            current.append(values)
        elif isinstance(values, list):
            if not isinstance(current, list):
                raise TypeError(f"Cannot extend non-list attribute {attr}")
            current.extend(values)
        elif isinstance(values, dict):
            if not isinstance(current, dict):
                raise TypeError(f"Cannot update non-dict attribute {attr}")
            current.update(values)
        return dataclasses.replace(self, **{attr: current})

    def force_push(self):
        result = copy.deepcopy(self)
        result._is_force_push = True
        return result

    namespace = {
        "__post_init__": post_init,
        "hashed_text": hashed_text,
        "tag": tag,
        "image_name": image_name,
        "built_name": built_name,
        "_update": update,
        "with_commands": lambda self, commands: update(self, "commands", commands),
        "with_packages": lambda self, packages: update(self, "packages", packages),
        "with_apt_packages": lambda self, apt_packages: update(self, "apt_packages", apt_packages),
    }
    if V >= (1, 12, 0):
        namespace["force_push"] = force_push
    if V >= (1, 13, 6):
        namespace["with_copy"] = lambda self, src: update(self, "copy", src)
    if V >= (1, 15, 4):
        namespace["with_runtime_packages"] = lambda self, runtime_packages: update(self, "runtime_packages", runtime_packages)
        namespace["with_builder_options"] = lambda self, builder_options: update(self, "builder_options", builder_options)
    cls = dataclasses.make_dataclass(
        "ImageSpec",
        [(n, object, field(default=default_of(n))) for n in field_names(V)],
        namespace=namespace,
        eq=False,
    )
    return cls


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
        raise ValueError(f"untagged object in input: {value!r}")
    return value


def build(desc, cls):
    spec = cls(**{k: decode(v, cls) for k, v in desc.get("fields", {}).items()})
    for call in desc.get("chain", []):
        method = getattr(spec, call[0])
        spec = method(*[decode(a, cls) for a in call[1:]])
    return spec


def specs_of(request, cls):
    """Yields a callable per requested spec that builds it (so errors are reported per spec)."""
    if "source" in request:
        stand_in = types.ModuleType("flytekit")
        stand_in.ImageSpec = cls
        sys.modules["flytekit"] = stand_in
        namespace = {"__name__": "user_module"}
        try:
            exec(compile(request["source"], "user_module.py", "exec"), namespace)
            error = None
        except Exception as e:  # noqa: BLE001
            error = e
        for name in request["names"]:
            def get(name=name):
                if error is not None:
                    raise error
                return namespace[name]
            yield get
    else:
        for desc in request["specs"]:
            yield lambda desc=desc: build(desc, cls)


def run(request):
    os.chdir(request["cwd"])
    V = parse_version(request.get("version", ".".join(map(str, NEWEST))))
    cls = make_image_spec(V, request.get("default_builder", "default"), request.get("machine", "x86_64"))
    results = []
    for make in specs_of(request, cls):
        try:
            spec = make()
            results.append(
                {"tag": spec.tag(), "image_name": spec.image_name(), "hashed": spec.hashed_text(), "force_push": bool(spec._is_force_push)}
            )
        except Unsupported as e:
            results.append({"error": f"unsupported: {e}"})
        except Exception as e:  # noqa: BLE001 - the test only needs to know it failed
            results.append({"error": f"{type(e).__name__}: {e}"})
    return results


def main() -> None:
    request = json.load(sys.stdin)
    # A list of requests is answered with a list of answers, in one process.
    answer = [run(r) for r in request] if isinstance(request, list) else run(request)
    # ensure_ascii keeps lone surrogates and every character intact through the pipe.
    json.dump(answer, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
