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

# Real timm exports: tests read them in place and fail (never skip) without them.
config.substitutions.append(("%models", config.mnv4_shared_models))
config.substitutions.append(("%shared_docs", config.mnv4_shared_docs))
config.substitutions.append(("%onnx_proto", "/usr/include/onnx/onnx.proto"))

tools = [ToolSubst(t, unresolved="ignore") for t in
         ["mnv4-opt", "mnv4-compile", "mnv4-run", "mnv4-import",
          "mnv4-onnx-gen"]]
llvm_config.add_tool_substitutions(tools, [config.mnv4_tools_dir,
                                           config.llvm_tools_dir])
