#!/usr/bin/env python3
"""Test oracle: flytekit's ImageSpec tag algorithm, re-implemented on real Python.

flytekit itself cannot be installed here, so this script rebuilds the parts of
flytekit/image_spec/image_spec.py (flyteorg/flytekit@62278016) that decide an
image's tag and name, on top of the real things the TypeScript emulation
imitates: a real @dataclass with ImageSpec's fields in their order,
dataclasses.asdict with a dict_factory, str() of a dict, hashlib, base64 and
str.format. Everything Python-specific (repr of strings, floats, dicts,
dict key merging, lowercasing) is therefore done by Python, not emulated.

Input (stdin, JSON):
  {"cwd": "/abs/dir", "specs": [SPEC, ...]}
  SPEC = {"fields": {name: VALUE, ...}, "chain": [[method, VALUE?], ...]}
  VALUE = JSON scalar / list, or a tagged object:
    {"__float__": "3.0"}         a float (float() of the text, so "Infinity" works)
    {"__int__": "123"}           an int of any size
    {"__tuple__": [VALUE, ...]}  a tuple
    {"__dict__": [[K, V], ...]}  a dict built like a dict display (keys may repeat)
    {"__spec__": SPEC}           a nested ImageSpec
Or, to check a whole Python file end to end:
  {"cwd": "/abs/dir", "source": "python source", "names": ["img", ...]}
  The source runs with a stand-in `flytekit` module whose ImageSpec is the
  class below; the listed module-level names are the specs reported.
Output (stdout, JSON): one entry per spec,
  {"tag": ..., "image_name": ..., "hashed": str(dict)} or {"error": "..."}.
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
import typing
from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Tuple, Union


class CopyFileDetection(enum.Enum):
    LOADED_MODULES = 1
    ALL = 2
    NO_COPY = 3


REGISTRY_PATTERN = r"^(localhost:\d{1,5}|([a-z\d\._-]+)(:\d{1,5})?)(/[\w\.-]+)*$"

STR_LIST_FIELDS = (
    "packages",
    "conda_channels",
    "conda_packages",
    "apt_packages",
    "pip_extra_index_url",
    "entrypoint",
    "commands",
)


class Unsupported(Exception):
    """A part of the algorithm that needs files on disk the oracle does not model."""


@dataclass
class ImageSpec:
    name: str = "flytekit"
    python_version: str = None
    builder: Optional[str] = None
    source_root: Optional[str] = None
    env: Optional[typing.Dict[str, str]] = None
    registry: Optional[str] = None
    packages: Optional[List[str]] = None
    conda_packages: Optional[List[str]] = None
    conda_channels: Optional[List[str]] = None
    requirements: Optional[str] = None
    apt_packages: Optional[List[str]] = None
    cuda: Optional[str] = None
    cudnn: Optional[str] = None
    base_image: Optional[Union[str, "ImageSpec"]] = None
    platform: str = "linux/amd64"
    pip_index: Optional[str] = None
    pip_extra_index_url: Optional[List[str]] = None
    pip_secret_mounts: Optional[List[Tuple[str, str]]] = None
    pip_extra_args: Optional[str] = None
    registry_config: Optional[str] = None
    entrypoint: Optional[List[str]] = None
    commands: Optional[List[str]] = None
    tag_format: Optional[str] = None
    source_copy_mode: Optional[CopyFileDetection] = None
    copy: Optional[List[str]] = None
    python_exec: Optional[str] = None

    def __post_init__(self):
        self.name = self.name.lower()
        self._is_force_push = False
        if self.registry:
            self.registry = self.registry.lower()
            if not re.match(REGISTRY_PATTERN, self.registry):
                raise ValueError(f"Invalid container registry name: {self.registry!r}")
        if self.source_root is not None:
            self.source_copy_mode = self.source_copy_mode or CopyFileDetection.LOADED_MODULES
        for field_name in STR_LIST_FIELDS:
            value = getattr(self, field_name)
            if value is not None and not (isinstance(value, list) and all(isinstance(x, str) for x in value)):
                raise ValueError(f"{field_name} must be a list of strings or None")
        if self.pip_secret_mounts is not None:
            good = isinstance(self.pip_secret_mounts, list) and all(
                isinstance(m, tuple) and len(m) == 2 and all(isinstance(p, str) for p in m)
                for m in self.pip_secret_mounts
            )
            if not good:
                raise ValueError("pip_secret_mounts must be a list of tuples of two strings or None")

    # --- hashing -----------------------------------------------------------

    def spec_id(self) -> str:
        dropped = {"pip_secret_mounts"}
        as_dict = asdict(self, dict_factory=lambda pairs: {k: v for k, v in pairs if v is not None and k not in dropped})
        digest = hashlib.md5(str(as_dict).encode("utf-8")).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def hashed_spec(self) -> "ImageSpec":
        spec = copy.deepcopy(self)
        if isinstance(spec.base_image, ImageSpec):
            spec = dataclasses.replace(spec, base_image=spec.base_image.built_name())
        if self.source_copy_mode is not None and self.source_copy_mode != CopyFileDetection.NO_COPY:
            if not self.source_root:
                raise ValueError("source_root must be set when copy is set")
            raise Unsupported("source_root digest")
        if self.copy:
            raise Unsupported("copy digest")
        if spec.requirements:
            content = pathlib.Path(spec.requirements).read_bytes().strip()
            spec = dataclasses.replace(spec, requirements=hashlib.sha1(content).hexdigest())
        return dataclasses.replace(spec, registry_config=None)

    @property
    def tag(self) -> str:
        spec_hash = self.hashed_spec().spec_id().replace("-", "_")
        if self.tag_format:
            return self.tag_format.format(spec_hash=spec_hash)
        return spec_hash

    def image_name(self) -> str:
        result = f"{self.name}:{self.tag}"
        if self.registry:
            result = f"{self.registry}/{result}"
        return result

    def built_name(self) -> str:
        # ImageBuildEngine.build() builds a base spec first and records the name
        # its builder returns: the noop builder returns base_image, the default
        # builder returns nothing (image_name() stands).
        if self.builder == "noop":
            if not isinstance(self.base_image, str):
                raise ValueError("base_image must be a string to use the noop image builder")
            return self.base_image
        if self.builder not in (None, "default"):
            raise Unsupported(f"name chosen by builder {self.builder}")
        return self.image_name()

    # --- builders ------------------------------------------------------------

    def _extend(self, attr: str, values) -> "ImageSpec":
        current = copy.deepcopy(getattr(self, attr)) or []
        if isinstance(values, str):
            current.append(values)
        elif isinstance(values, list):
            current.extend(values)
        return dataclasses.replace(self, **{attr: current})

    def with_commands(self, commands):
        return self._extend("commands", commands)

    def with_packages(self, packages):
        return self._extend("packages", packages)

    def with_apt_packages(self, apt_packages):
        return self._extend("apt_packages", apt_packages)

    def with_copy(self, src):
        return self._extend("copy", src)

    def force_push(self):
        result = copy.deepcopy(self)
        result._is_force_push = True
        return result


def decode(value):
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "__float__" in value:
            return float(value["__float__"])
        if "__int__" in value:
            return int(value["__int__"])
        if "__tuple__" in value:
            return tuple(decode(v) for v in value["__tuple__"])
        if "__dict__" in value:
            return {decode(k): decode(v) for k, v in value["__dict__"]}
        if "__spec__" in value:
            return build(value["__spec__"])
        raise ValueError(f"untagged object in input: {value!r}")
    return value


def build(desc) -> ImageSpec:
    spec = ImageSpec(**{k: decode(v) for k, v in desc.get("fields", {}).items()})
    for call in desc.get("chain", []):
        method = getattr(spec, call[0])
        spec = method(*[decode(a) for a in call[1:]])
    return spec


def specs_of(request):
    """Yields a callable per requested spec that builds it (so errors are reported per spec)."""
    if "source" in request:
        import types

        stand_in = types.ModuleType("flytekit")
        stand_in.ImageSpec = ImageSpec
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
            yield lambda desc=desc: build(desc)


def main() -> None:
    request = json.load(sys.stdin)
    os.chdir(request["cwd"])
    results = []
    for make in specs_of(request):
        try:
            spec = make()
            results.append(
                {
                    "tag": spec.tag,
                    "image_name": spec.image_name(),
                    "hashed": str(asdict(spec.hashed_spec(), dict_factory=lambda pairs: {k: v for k, v in pairs if v is not None and k != "pip_secret_mounts"})),
                }
            )
        except Unsupported as e:
            results.append({"error": f"unsupported: {e}"})
        except Exception as e:  # noqa: BLE001 - the test only needs to know it failed
            results.append({"error": f"{type(e).__name__}: {e}"})
    # ensure_ascii keeps lone surrogates and every character intact through the pipe.
    json.dump(results, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
