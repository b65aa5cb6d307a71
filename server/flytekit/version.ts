// The flytekit behaviour this folder mirrors.
//
// Files read (flyteorg/flytekit, through the stored public source index):
//   - flytekit/image_spec/image_spec.py   at 62278016a5c4e25d06f5afb0ac14ecc704ad6fde
//     (the ImageSpec dataclass, __post_init__, id, tag, image_name,
//     _update_attribute and the with_* builders, force_push,
//     validate_container_registry_name). This is the newest version of the
//     file whose full text the index serves; it is of the flytekit 1.14/1.15
//     line (it has copy, python_exec, force_push, tag_format, from_env).
//   - flytekit/image_spec/default_builder.py at 89cdc64a7aba2fd69745bac2c4324f8984626f68
//     (uv.lock / poetry.lock handling, cuda/cudnn rejection, supported
//     parameters, push only when a registry is set).
//   - flytekit/image_spec/noop_builder.py at 389e3afbf103c07d09a8d9b99c9526514b3cf7b2
//     (builder_type "noop": the image is the base_image string as is).
//   - flytekit/image_spec/__init__.py at 6a5f1cd2af1aa9495872892ea3927fd83736db88
//     (registration of the "default" builder at priority 1).
// Newer fields that are not in that source, `runtime_packages`,
// `builder_options` and `builder_config` (and the `with_runtime_packages` /
// `with_builder_options` builders), come from the flytekit 1.16.14 API
// reference (unionai/unionai-docs, flytekit.image_spec.image_spec.ImageSpec)
// and PRs flyteorg/flytekit#3231, #3233, #3207. How they enter the tag was not
// read, so tag.ts reports the tag as unknown when one of them is set.

/** The flytekit commit whose image_spec.py this folder follows. */
export const FLYTEKIT_VERSION = 'flyteorg/flytekit@62278016a5c4e25d06f5afb0ac14ecc704ad6fde';

/** The commit alone, for links. */
export const FLYTEKIT_COMMIT = '62278016a5c4e25d06f5afb0ac14ecc704ad6fde';

/** The flytekit release whose API reference lists the newer fields we know by name only. */
export const FLYTEKIT_API_REFERENCE_VERSION = '1.16.14';
