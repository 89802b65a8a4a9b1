//===- MNV4Base.td - mnv4 dialect definition and enums -----*- tablegen -*-===//
//
// The mnv4 dialect describes MobileNetV4 networks at the granularity of their
// blocks. All activation tensors are NHWC, batch first.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_BASE_TD
#define MNV4_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def MNV4_Dialect : Dialect {
  let name = "mnv4";
  let cppNamespace = "::mnv4";
  let summary = "MobileNetV4 blocks: UIB, FusedIB, Mobile MQA and their parts";
  let description = [{
    The `mnv4` dialect represents a MobileNetV4 network (timm's 12
    `mobilenetv4_*` variants) as a sequence of its building blocks, one op
    per timm module. It has three layers of ops:

    * **Block ops** carry all weights of one timm block as operands and
      compute the whole block: `mnv4.fused_ib` (EdgeResidual),
      `mnv4.uib` (UniversalInvertedResidual: ExtraDW, IB, ConvNeXt-like,
      FFN) and `mnv4.mqa` (Mobile multi-query attention).
    * **Primitive ops** describe the stem, the ConvBnAct layers and the
      head: `mnv4.conv2d`, `mnv4.depthwise_conv2d`,
      `mnv4.global_avg_pool`, `mnv4.fully_connected`, plus
      `mnv4.batch_norm`, `mnv4.avg_pool2d`, `mnv4.blur_pool`,
      `mnv4.activation` and `mnv4.add`.
    * **Generic tensor ops** (`mnv4.mul`, `mnv4.matmul`, `mnv4.softmax`,
      `mnv4.transpose`, `mnv4.reshape`, `mnv4.pad`) keep whatever the ONNX
      importer cannot raise to a block, with ONNX semantics.

    Weights are `mnv4.const` ops. Conventions shared by every op:

    * Activations are `tensor<NxHxWxCxf32>` in **NHWC** layout.
    * Full convolution filters are **OHWI** `[Cout, kh, kw, Cin]`; depthwise
      filters are **HWC** `[kh, kw, C]`; fully connected weights are
      `[out, in]`. Biases and per-channel scales are `[C]`.
    * BatchNorm that follows a convolution is folded into that convolution's
      filter and bias (as PyTorch's ONNX exporter does); a block's bias
      operands are those folded BN shifts.
    * Weights are operands produced by `mnv4.const`, normally holding
      `dense_resource` blobs so that large models print, parse and round-trip
      through bytecode quickly.
    * Padding is symmetric zero padding `(k - 1) / 2` inside blocks, and an
      explicit `[top, left, bottom, right]` array on `mnv4.conv2d`,
      `mnv4.depthwise_conv2d` and `mnv4.pad`.
    * Every operand and result of the ops above is an f32 tensor. The int8
      ops (`mnv4.quantize`, `mnv4.dequantize`, `mnv4.qconst` and the
      `mnv4.q*` compute ops, one per TFLite int8 op) are typed with the
      upstream `quant` dialect's types as docs/int8.md specifies.
      Verifiers require static
      shapes with no zero-sized dimension (`mnv4.softmax` only requires its
      input and result types to match), check the full shape contract of
      their op and name the operand, what it has and what it must have.
  }];
  let useDefaultAttributePrinterParser = 1;
  // The int8 ops (MNV4QuantOps.td) are typed with quant dialect types.
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def MNV4_Activation : I32EnumAttr<"Activation", "activation function", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"relu6", 2>,
    I32EnumAttrCase<"gelu", 3>,
    I32EnumAttrCase<"hardswish", 4>
  ]> {
  let cppNamespace = "::mnv4";
  let genSpecializedAttr = 0;
}

def MNV4_ActivationAttr : EnumAttr<MNV4_Dialect, MNV4_Activation, "act"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    `none`, `relu`, `relu6` (clamp to [0, 6]), `gelu` (exact erf form
    0.5 x (1 + erf(x / sqrt 2))), `hardswish` (x * relu6(x + 3) / 6).
  }];
}

def MNV4_Antialias : I32EnumAttr<"Antialias", "anti-aliased downsampling", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"avg", 1>,
    I32EnumAttrCase<"blur", 2>
  ]> {
  let cppNamespace = "::mnv4";
  let genSpecializedAttr = 0;
}

def MNV4_AntialiasAttr : EnumAttr<MNV4_Dialect, MNV4_Antialias, "aa"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    How a strided block realises its stride: `none` (the conv is strided),
    `avg` (the conv runs at stride 1, then BN, act and a 2x2/2 average pool,
    floor mode) or `blur` (stride 1, then BN, act and the fixed 3x3 binomial
    filter [1,2,1]x[1,2,1]/16 at stride 2 with zero padding 1).
  }];
}

class MNV4_Op<string mnemonic, list<Trait> traits = []>
    : Op<MNV4_Dialect, mnemonic, traits>;

def MNV4_F32Tensor : RankedTensorOf<[F32]>;

#endif // MNV4_BASE_TD
