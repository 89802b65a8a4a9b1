//===- mnv4-int8-agreement.cpp - each op of a runtime vs the int8 engine ===//
//
//   mnv4-int8-agreement MODEL IN.bin DIR [--max-diff=N] [--exact=OP,...]
//
// MODEL is an int8 model (.mlir/.mlirbc); DIR holds what another TFLite
// runtime (mnv4-wasm-run, mnv4-armnn-run) computed for IN.bin (float32 NCHW)
// on MODEL's `--tflite-every-op-output` export: DIR/<k>.bin is output k, the
// model's results first, then every op's int8 result in op order. The int8
// reference engine runs MODEL; after each op it compares its result with the
// runtime's and then continues from the runtime's values, so each op is
// judged on the same inputs (isolated, not accumulated). Prints one line per
// op and one per op kind (elements, how many differ, the share exactly equal,
// max |difference| in LSB) and the end-to-end cosine similarity and top-1 of
// the float results. Exit 1 when an op differs by more than N LSB (default: no
// limit) or an op kind listed in --exact differs at all.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/InitAll.h"
#include "mnv4/Interp/Int8Interpreter.h"
#include "mnv4/Support/LocationName.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace {

int fail(const Twine &message) {
  errs() << "error: " << message << "\n";
  return 1;
}

std::optional<std::vector<char>> readFile(const Twine &path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return std::nullopt;
  StringRef data = (*buffer)->getBuffer();
  return std::vector<char>(data.begin(), data.end());
}

std::vector<float> floats(const std::vector<char> &bytes) {
  std::vector<float> values(bytes.size() / sizeof(float));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
  return values;
}

struct Agreement {
  int64_t elements = 0, equal = 0, maxDiff = 0;
  void add(const Agreement &o) {
    elements += o.elements;
    equal += o.equal;
    maxDiff = std::max(maxDiff, o.maxDiff);
  }
  double share() const {
    return elements ? static_cast<double>(equal) / elements : 1.0;
  }
};

} // namespace

int main(int argc, char **argv) {
  if (argc < 4)
    return fail("usage: mnv4-int8-agreement MODEL IN.bin DIR [--max-diff=N] "
                "[--exact=OP,...]");
  int64_t maxAllowed = -1;
  SmallVector<StringRef> exact;
  for (int i = 4; i < argc; ++i) {
    StringRef arg(argv[i]);
    if (arg.consume_front("--max-diff="))
      maxAllowed = std::atoll(arg.str().c_str());
    else if (arg.consume_front("--exact="))
      arg.split(exact, ',');
    else
      return fail("unknown option '" + arg + "'");
  }

  mlir::DialectRegistry registry;
  mnv4::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mnv4::loadModel(context, argv[1], mnv4::ModelLoadOptions());
  if (!module)
    return 1;
  mlir::func::FuncOp func = mnv4::getEntryFunction(*module);
  if (!func || func.getNumArguments() != 1)
    return fail("the model needs one entry function with one input");

  // The input, NCHW on file, NHWC for the engine.
  auto type = mlir::cast<mlir::RankedTensorType>(func.getArgument(0).getType());
  std::optional<std::vector<char>> raw = readFile(argv[2]);
  if (!raw || static_cast<int64_t>(raw->size()) !=
                  type.getNumElements() * static_cast<int64_t>(sizeof(float)))
    return fail(Twine("cannot read the input '") + argv[2] +
                "' of the model's size");
  std::vector<float> nchw = floats(*raw);
  mnv4::interp::Tensor input(type.getShape());
  if (type.getRank() == 4) {
    int64_t n = type.getDimSize(0), h = type.getDimSize(1),
            w = type.getDimSize(2), c = type.getDimSize(3);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
          for (int64_t k = 0; k < c; ++k)
            input.at(b, y, x, k) = nchw[((b * c + k) * h + y) * w + x];
  } else {
    input.data = nchw;
  }

  unsigned results = func.getNumResults(), next = results;
  std::string error;
  StringMap<Agreement> perKind;
  SmallVector<std::string> kinds;
  bool tooFar = false;
  outs() << formatv("{0,-5} {1,-26} {2,-40} {3,9} {4,9} {5,8} {6,8}\n", "op",
                    "kind", "tensor", "elements", "differing", "equal",
                    "max_diff");
  auto observe = [&](mlir::Operation &op, std::vector<int8_t> &data) {
    if (!error.empty())
      return;
    std::string path = (Twine(argv[3]) + "/" + Twine(next) + ".bin").str();
    std::optional<std::vector<char>> theirs = readFile(path);
    if (!theirs || theirs->size() != data.size()) {
      error = "cannot read '" + path + "' with " + std::to_string(data.size()) +
              " int8 values";
      return;
    }
    Agreement a;
    a.elements = static_cast<int64_t>(data.size());
    for (size_t i = 0; i < data.size(); ++i) {
      int64_t diff = std::abs(static_cast<int64_t>(data[i]) -
                              static_cast<int8_t>((*theirs)[i]));
      a.equal += diff == 0;
      a.maxDiff = std::max(a.maxDiff, diff);
      data[i] = static_cast<int8_t>((*theirs)[i]);
    }
    std::string kind = op.getName().getStringRef().str();
    if (!perKind.count(kind))
      kinds.push_back(kind);
    perKind[kind].add(a);
    if ((maxAllowed >= 0 && a.maxDiff > maxAllowed) ||
        (a.maxDiff > 0 && is_contained(exact, kind)))
      tooFar = true;
    outs() << formatv("{0,-5} {1,-26} {2,-40} {3,9} {4,9} {5,8:P2} {6,8}\n",
                      next - results, kind, mnv4::locationName(op.getLoc()),
                      a.elements, a.elements - a.equal, a.share(), a.maxDiff);
    ++next;
  };
  Expected<std::vector<mnv4::interp::Tensor>> ours =
      mnv4::interp::runInt8Function(func, {input}, observe);
  if (!ours)
    return fail(toString(ours.takeError()));
  if (!error.empty())
    return fail(error);

  outs() << "\nper op kind:\n";
  Agreement all;
  for (const std::string &kind : kinds) {
    const Agreement &a = perKind[kind];
    all.add(a);
    outs() << formatv("{0,-26} {1,9} {2,9} {3,8:P2} {4,8}\n", kind, a.elements,
                      a.elements - a.equal, a.share(), a.maxDiff);
  }
  outs() << formatv("{0,-26} {1,9} {2,9} {3,8:P2} {4,8}\n", "all", all.elements,
                    all.elements - all.equal, all.share(), all.maxDiff);

  // End to end (the runtime's own result 0.bin, from its own values).
  std::optional<std::vector<char>> theirs = readFile(Twine(argv[3]) + "/0.bin");
  if (theirs && ours->size() == 1) {
    // The isolated run above continued from the runtime's values; run again
    // on our own for the end-to-end comparison.
    Expected<std::vector<mnv4::interp::Tensor>> alone =
        mnv4::interp::runInt8Function(func, {input});
    if (!alone)
      return fail(toString(alone.takeError()));
    std::vector<float> a = alone->front().data, b = floats(*theirs);
    if (a.size() == b.size()) {
      double dot = 0, na = 0, nb = 0;
      size_t ta = 0, tb = 0;
      for (size_t i = 0; i < a.size(); ++i) {
        dot += static_cast<double>(a[i]) * b[i];
        na += static_cast<double>(a[i]) * a[i];
        nb += static_cast<double>(b[i]) * b[i];
        ta = a[i] > a[ta] ? i : ta;
        tb = b[i] > b[tb] ? i : tb;
      }
      outs() << formatv("end to end: cosine={0:f4} top1={1},{2}\n",
                        dot / std::sqrt(na * nb), ta, tb);
    }
  }
  return tooFar ? 1 : 0;
}
