//===- ExternalData.cpp - tensors stored beside the .onnx file ------------===//
//
// Large exports keep their weights in a separate file (ONNX external data:
// `location`, `offset`, `length` keys, the location relative to the model's
// directory). The bytes are read into raw_data once, at load, so the rest of
// the importer sees ordinary tensors.
//
//===----------------------------------------------------------------------===//

#include "OnnxModel.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace mnv4::onnx_import {
namespace {

class ExternalDataReader {
public:
  explicit ExternalDataReader(StringRef modelPath)
      : dir(sys::path::parent_path(modelPath)) {}

  /// Replaces `t`'s external reference by its bytes.
  std::string load(onnx::TensorProto &t);

private:
  std::string dir;
  StringMap<std::unique_ptr<MemoryBuffer>> files;
};

std::string ExternalDataReader::load(onnx::TensorProto &t) {
  std::string what = "tensor '" + t.name() + "'";
  std::string location;
  uint64_t offset = 0, length = 0;
  bool hasLength = false;
  for (const onnx::StringStringEntryProto &e : t.external_data()) {
    if (e.key() == "location") {
      location = e.value();
    } else if (e.key() == "offset" || e.key() == "length") {
      uint64_t v = 0;
      if (StringRef(e.value()).getAsInteger(10, v))
        return what + ": external data " + e.key() + " '" + e.value() +
               "' is not a non-negative integer";
      (e.key() == "offset" ? offset : length) = v;
      hasLength |= e.key() == "length";
    }
  }
  if (location.empty())
    return what + " uses external data but names no location";
  // Like onnx.checker: the file must lie in or below the model's directory.
  if (sys::path::is_absolute(location) ||
      llvm::is_contained(
          make_range(sys::path::begin(location), sys::path::end(location)),
          ".."))
    return what + ": external data location '" + location +
           "' must be a relative path inside the model's directory";
  SmallString<256> path(dir);
  sys::path::append(path, location);
  auto &buffer = files[path];
  if (!buffer) {
    auto file = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
    if (!file)
      return what + ": cannot read external data file '" + path.str().str() +
             "': " + file.getError().message();
    buffer = std::move(*file);
  }
  uint64_t size = buffer->getBufferSize();
  if (!hasLength)
    length = offset <= size ? size - offset : 0;
  if (offset > size || length > size - offset)
    return what + ": external data file '" + path.str().str() + "' has " +
           std::to_string(size) + " bytes, but the tensor reads bytes " +
           std::to_string(offset) + ".." + std::to_string(offset + length);
  t.set_raw_data(buffer->getBufferStart() + offset, length);
  t.clear_external_data();
  t.set_data_location(onnx::TensorProto::DEFAULT);
  return "";
}

} // namespace

std::string loadExternalData(StringRef modelPath, onnx::GraphProto &graph) {
  ExternalDataReader reader(modelPath);
  auto isExternal = [](const onnx::TensorProto &t) {
    return t.data_location() == onnx::TensorProto::EXTERNAL;
  };
  for (onnx::TensorProto &t : *graph.mutable_initializer())
    if (isExternal(t))
      if (std::string err = reader.load(t); !err.empty())
        return "initializer " + err;
  for (onnx::NodeProto &n : *graph.mutable_node())
    for (onnx::AttributeProto &a : *n.mutable_attribute())
      if (a.has_t() && isExternal(a.t()))
        if (std::string err = reader.load(*a.mutable_t()); !err.empty())
          return describeNode(n) + ": " + err;
  return "";
}

} // namespace mnv4::onnx_import
