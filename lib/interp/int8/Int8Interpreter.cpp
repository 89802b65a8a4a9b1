//===- Int8Interpreter.cpp - TFLite-exact execution of int8 mnv4 IR -------===//
//
// Walks the function's block in order like the fp32 interpreter: int8 values
// are QTensors carrying their type's scale and zero point, f32 values (the
// function's edges) Tensors. Weights are read from their mnv4.qconst when
// their op runs; values are dropped after their last use.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Interp/Int8Interpreter.h"

#include "Int8Kernels.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

namespace mnv4::interp {

using namespace int8;
using llvm::createStringError;
using llvm::Expected;
namespace mq = mlir::quant;

bool isInt8Function(mlir::func::FuncOp func) {
  bool found = false;
  func.walk([&](mlir::Operation *op) {
    if (mlir::isa<QuantizeOp, DequantizeOp, QConstOp>(op))
      found = true;
  });
  return found;
}

namespace {

std::string describe(mlir::Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << op->getName() << "' at " << op->getLoc();
  return text;
}

llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return mlir::cast<mlir::ShapedType>(v.getType()).getShape();
}

QParams paramsOf(mlir::Value v) {
  auto t = mlir::cast<mq::UniformQuantizedType>(
      mlir::cast<mlir::ShapedType>(v.getType()).getElementType());
  return {static_cast<float>(t.getScale()),
          static_cast<int32_t>(t.getZeroPoint())};
}

std::vector<float> scalesOf(mlir::Value v) {
  mlir::Type element =
      mlir::cast<mlir::ShapedType>(v.getType()).getElementType();
  if (auto perAxis = mlir::dyn_cast<mq::UniformQuantizedPerAxisType>(element))
    return std::vector<float>(perAxis.getScales().begin(),
                              perAxis.getScales().end());
  return {static_cast<float>(
      mlir::cast<mq::UniformQuantizedType>(element).getScale())};
}

class Int8Runner {
public:
  explicit Int8Runner(Int8Observer observe) : observe(observe) {}
  Expected<std::vector<Tensor>> run(mlir::func::FuncOp func,
                                    llvm::ArrayRef<Tensor> inputs);

private:
  Expected<QTensor> activation(mlir::Value v) {
    if (auto c = v.getDefiningOp<QConstOp>()) {
      Expected<std::vector<int8_t>> data = c.readStoredValues<int8_t>();
      if (!data)
        return data.takeError();
      QTensor t(shapeOf(v), paramsOf(v));
      t.data = std::move(*data);
      return t;
    }
    auto it = qvalues.find(v);
    if (it == qvalues.end())
      return createStringError("int8 value has no tensor");
    return it->second;
  }

  Expected<QWeights> weights(mlir::Value v) {
    auto c = v.getDefiningOp<QConstOp>();
    if (!c)
      return createStringError("weights must come from an mnv4.qconst");
    Expected<std::vector<int8_t>> data = c.readStoredValues<int8_t>();
    if (!data)
      return data.takeError();
    QWeights w;
    w.shape.assign(shapeOf(v).begin(), shapeOf(v).end());
    w.data = std::move(*data);
    w.scales = scalesOf(v);
    return w;
  }

  Expected<std::vector<int32_t>> bias(mlir::Value v) {
    auto c = v.getDefiningOp<QConstOp>();
    if (!c)
      return createStringError("a bias must come from an mnv4.qconst");
    return c.readStoredValues<int32_t>();
  }

  Expected<QTensor> execute(mlir::Operation *op);

  template <typename ConvOp, typename Kernel>
  Expected<QTensor> runConv(ConvOp op, Kernel kernel) {
    Expected<QTensor> in = activation(op.getInput());
    Expected<QWeights> w = weights(op.getFilter());
    Expected<std::vector<int32_t>> b = bias(op.getBias());
    if (!in || !w || !b)
      return llvm::joinErrors(llvm::joinErrors(in.takeError(), w.takeError()),
                              b.takeError());
    llvm::ArrayRef<int64_t> s = op.getStrides(), p = op.getPad();
    return kernel(*in, *w, *b, Window{s[0], s[1], p[0], p[1]},
                  static_cast<int>(op.getAct()), shapeOf(op.getOutput()),
                  paramsOf(op.getOutput()));
  }

  llvm::DenseMap<mlir::Value, QTensor> qvalues;
  Int8Observer observe;
  llvm::DenseMap<mlir::Value, Tensor> fvalues;
};

Expected<QTensor> Int8Runner::execute(mlir::Operation *op) {
  auto unary = [&](mlir::Value in, auto fn) -> Expected<QTensor> {
    Expected<QTensor> x = activation(in);
    if (!x)
      return x.takeError();
    return fn(*x);
  };
  auto binary = [&](mlir::Value l, mlir::Value r,
                    auto fn) -> Expected<QTensor> {
    Expected<QTensor> a = activation(l);
    Expected<QTensor> b = activation(r);
    if (!a || !b)
      return llvm::joinErrors(a.takeError(), b.takeError());
    return fn(*a, *b);
  };
  return llvm::TypeSwitch<mlir::Operation *, Expected<QTensor>>(op)
      .Case([&](QuantizeOp o) -> Expected<QTensor> {
        if (auto it = fvalues.find(o.getInput()); it != fvalues.end())
          return quantize(it->second, paramsOf(o.getOutput()));
        return unary(o.getInput(), [&](const QTensor &x) {
          return requantize(x, paramsOf(o.getOutput()));
        });
      })
      .Case([&](QConv2DOp o) { return runConv(o, conv2d); })
      .Case([&](QDepthwiseConv2DOp o) { return runConv(o, depthwiseConv2d); })
      .Case([&](QFullyConnectedOp o) -> Expected<QTensor> {
        Expected<QTensor> in = activation(o.getInput());
        Expected<QWeights> w = weights(o.getWeight());
        Expected<std::vector<int32_t>> b = bias(o.getBias());
        if (!in || !w || !b)
          return llvm::joinErrors(
              llvm::joinErrors(in.takeError(), w.takeError()), b.takeError());
        return fullyConnected(*in, *w, *b, shapeOf(o.getOutput()),
                              paramsOf(o.getOutput()));
      })
      .Case([&](QAddOp o) {
        return binary(o.getLhs(), o.getRhs(), [&](auto &a, auto &b) {
          return add(a, b, static_cast<int>(o.getAct()),
                     paramsOf(o.getOutput()));
        });
      })
      .Case([&](QMulOp o) {
        return binary(o.getLhs(), o.getRhs(), [&](auto &a, auto &b) {
          return mul(a, b, paramsOf(o.getOutput()));
        });
      })
      .Case([&](QBatchMatMulOp o) {
        return binary(o.getLhs(), o.getRhs(), [&](auto &a, auto &b) {
          return batchMatMul(a, b, shapeOf(o.getOutput()),
                             paramsOf(o.getOutput()));
        });
      })
      .Case([&](QMeanOp o) {
        return unary(o.getInput(), [&](const QTensor &x) {
          return meanHW(x, paramsOf(o.getOutput()));
        });
      })
      .Case([&](QAvgPool2DOp o) {
        return unary(o.getInput(), [&](const QTensor &x) {
          return avgPool(x, o.getKernel(), o.getStride(),
                         shapeOf(o.getOutput()));
        });
      })
      .Case([&](QSoftmaxOp o) {
        return unary(o.getInput(), [&](const QTensor &x) {
          return softmax(x, paramsOf(o.getOutput()));
        });
      })
      .Case([&](QLutOp o) {
        return unary(o.getInput(), [&](const QTensor &x) {
          return lut(x,
                     o.getKind() == QLut::gelu ? tflite::LutFunction::gelu
                                               : tflite::LutFunction::logistic,
                     paramsOf(o.getOutput()));
        });
      })
      .Case([&](QReshapeOp o) {
        return unary(o.getInput(), [&](const QTensor &x) {
          return reshape(x, shapeOf(o.getOutput()));
        });
      })
      .Case([&](QTransposeOp o) {
        return unary(o.getInput(), [&](const QTensor &x) {
          return transpose(x, o.getPerm());
        });
      })
      .Default([&](mlir::Operation *other) -> Expected<QTensor> {
        return createStringError(
            ("the int8 engine cannot execute " + describe(other)).c_str());
      });
}

Expected<std::vector<Tensor>> Int8Runner::run(mlir::func::FuncOp func,
                                              llvm::ArrayRef<Tensor> inputs) {
  mlir::Block &body = func.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return createStringError("function takes %u inputs, got %zu",
                             body.getNumArguments(), inputs.size());
  for (auto [arg, input] : llvm::zip(body.getArguments(), inputs)) {
    if (llvm::ArrayRef<int64_t>(input.shape) != shapeOf(arg))
      return createStringError("input #%u has the wrong shape",
                               arg.getArgNumber());
    fvalues[arg] = input;
  }
  llvm::DenseMap<mlir::Value, mlir::Operation *> last;
  for (mlir::Operation &op : body)
    for (mlir::Value operand : op.getOperands())
      last[operand] = &op;
  for (mlir::Operation &op : body) {
    if (auto ret = mlir::dyn_cast<mlir::func::ReturnOp>(op)) {
      std::vector<Tensor> results;
      for (mlir::Value v : ret.getOperands()) {
        auto it = fvalues.find(v);
        if (it == fvalues.end())
          return createStringError("the int8 function must return f32 "
                                   "values (mnv4.dequantize)");
        results.push_back(it->second);
      }
      return results;
    }
    if (mlir::isa<QConstOp>(op))
      continue;
    if (auto dq = mlir::dyn_cast<DequantizeOp>(op)) {
      Expected<QTensor> x = activation(dq.getInput());
      if (!x)
        return x.takeError();
      fvalues[dq.getOutput()] = dequantize(*x);
    } else {
      Expected<QTensor> y = execute(&op);
      if (!y)
        return y.takeError();
      if (observe)
        observe(op, y->data);
      qvalues[op.getResult(0)] = std::move(*y);
    }
    for (mlir::Value operand : op.getOperands())
      if (last.lookup(operand) == &op) {
        qvalues.erase(operand);
        fvalues.erase(operand);
      }
  }
  return createStringError("function has no func.return");
}

} // namespace

Expected<std::vector<Tensor>> runInt8Function(mlir::func::FuncOp func,
                                              llvm::ArrayRef<Tensor> inputs,
                                              Int8Observer observe) {
  if (func.isExternal())
    return createStringError("function has no body");
  return Int8Runner(observe).run(func, inputs);
}

} // namespace mnv4::interp
