"""The example from Union's "ImageSpec with GAR" page, with the mistakes
people make when they adapt it. Run `imagespec-lint examples/gar-project`."""

import os

from flytekit import ImageSpec, task, workflow

# The docs' registry line, copied with its stray backtick and period.
image_spec = ImageSpec(
    registry="us-east1-docker.pkg.dev/my-union-dataplane/my-registry/my-image-repository`.",
    name="simple-example-image",
    base_image="ghcr.io/flyteorg/flytekit:py3.11-latest",
    packages=["pandas", "pyarrow"],
)

# No repository segment: Artifact Registry refuses the push.
etl_image = ImageSpec(
    name="etl",
    registry="us-east1-docker.pkg.dev/my-union-dataplane",
    requirements="requirements.txt",
)

# A location that does not exist, taken from the environment's default.
train_image = ImageSpec(
    name="Train",
    registry=os.getenv("IMAGE_REGISTRY", "us-east-1-docker.pkg.dev/my-union-dataplane/images"),
    pacakges=["torch"],
)

# Container Registry is shut down for writes.
legacy_image = ImageSpec(name="legacy", registry="gcr.io/my-union-dataplane")


@task(container_image=image_spec)
def say_hello(name: str) -> str:
    return f"Hello, {name}!"


@workflow
def hello_wf(name: str = "world") -> str:
    return say_hello(name=name)
