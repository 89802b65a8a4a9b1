# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MNV4"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".txtpb"]
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mnv4_obj_root, "test")

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.mnv4_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

# Sanitizer builds (MNV4_SANITIZE): a report aborts the tool, so a RUN line
# that expects an error exit (`not tool ...`) still fails on it.
if config.mnv4_sanitize.upper() in ("ON", "1", "TRUE", "YES"):
    config.environment["ASAN_OPTIONS"] = "abort_on_error=1:allow_user_poisoning=0"
    config.environment["UBSAN_OPTIONS"] = "abort_on_error=1:print_stacktrace=1"
    # test/docs/bad-input.test skips the rows that load the Vulkan driver.
    config.environment["MNV4_SANITIZE"] = "1"

# The Vulkan engine (runtime/vulkan) is built when CMake found the Vulkan
# headers; CI installs them and lavapipe (scripts/setup.sh), so its tests run.
if config.mnv4_have_vulkan.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("vulkan")

# Real timm exports: tests read them in place and fail (never skip) without them.
config.substitutions.append(("%models", config.mnv4_shared_models))
config.substitutions.append(("%shared_docs", config.mnv4_shared_docs))
config.substitutions.append(("%onnx_proto", "/usr/include/onnx/onnx.proto"))
# The build tree, which test/package installs to fresh prefixes.
config.substitutions.append(("%mnv4_build", config.mnv4_obj_root))
# aarch64 (test/aarch64): a static aarch64 program linked with the
# cross-built runtime, run under qemu-aarch64 (docs/aarch64.md).
config.substitutions.append(
    ("%aarch64_cc", "clang-22 --target=aarch64-linux-gnu -fuse-ld=lld -static"))
config.substitutions.append(
    ("%aarch64_runtime",
     os.path.join(config.mnv4_obj_root, "lib", "aarch64-linux-gnu",
                  "libMNV4Runtime.a")))

tools = [ToolSubst(t, unresolved="ignore") for t in
         ["mnv4-opt", "mnv4-compile", "mnv4-run", "mnv4-import",
          "mnv4-onnx-gen", "mnv4-armnn-run", "mnv4-preprocess-image",
          "mnv4-int8-agreement"]]
llvm_config.add_tool_substitutions(tools, [config.mnv4_tools_dir,
                                           config.llvm_tools_dir])

# TFLite's WASM runtime (test/tflite/wasm: node with the npm packages that
# scripts/setup.sh installs); without them the runner fails, never skips.
config.substitutions.append(
    ("%wasm_run", "node " + os.path.join(config.test_source_root, "tflite",
                                         "wasm", "mnv4-wasm-run.js")))
