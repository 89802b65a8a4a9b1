//===- MNV4QuantOps.td - int8 ops over quant dialect types --*- tablegen -*-===//
//
// The int8 form of a network, one op per TFLite int8 builtin op. Tensors are
// upstream `quant` types following the TFLite int8 spec (docs/int8.md):
// activations per-tensor `!quant.uniform<i8:f32, s:z>`, weights per-axis
// symmetric narrow-range `!quant.uniform<i8<-127:127>:f32:d, {...}>`, biases
// per-axis `!quant.uniform<i32:f32:0, {...}>` with scale s_in x s_w. The post
// training quantizer (`--mnv4-quantize-int8`) produces these ops from the
// decomposed f32 network; the int8 reference interpreter, the TFLite writer and
// the EdgeTPU report read them.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_OPS_TD
#define MNV4_QUANT_OPS_TD

def MNV4_QuantizedElement
    : Type<CPred<"::llvm::isa<::mlir::quant::QuantizedType>($_self)">,
           "quantized type">;
def MNV4_QTensor : RankedTensorOf<[MNV4_QuantizedElement]>;
def MNV4_F32OrQTensor : RankedTensorOf<[F32, MNV4_QuantizedElement]>;

class MNV4_QOp<string mnemonic, list<Trait> traits = []>
    : MNV4_Op<mnemonic, !listconcat([Pure], traits)> {
  let hasVerifier = 1;
}

def MNV4_QActivation : I32EnumAttr<"QActivation",
    "activation fused into an int8 op (a TFLite fused activation)", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"relu6", 3>
  ]> {
  let cppNamespace = "::mnv4";
  let genSpecializedAttr = 0;
}

def MNV4_QActivationAttr : EnumAttr<MNV4_Dialect, MNV4_QActivation, "qact"> {
  let assemblyFormat = "`<` $value `>`";
  let description = [{
    A TFLite fused activation: `none`, `relu` or `relu6`; it only clamps the
    int8 result (TFLite's CalculateActivationRangeQuantized).
  }];
}

def MNV4_QLut : I32EnumAttr<"QLut", "int8 table activation", [
    I32EnumAttrCase<"gelu", 0>,
    I32EnumAttrCase<"logistic", 1>
  ]> {
  let cppNamespace = "::mnv4";
  let genSpecializedAttr = 0;
}

def MNV4_QLutAttr : EnumAttr<MNV4_Dialect, MNV4_QLut, "qlut"> {
  let assemblyFormat = "`<` $value `>`";
}

def MNV4_QuantizeOp : MNV4_QOp<"quantize"> {
  let summary = "float to int8, or int8 to int8 requantization (QUANTIZE)";
  let description = [{
    `q = clamp(round(x / s) + z, -128, 127)` from an f32 tensor, or a
    requantization of an int8 tensor to the result's scale and zero point.

    Verifier: same shape; the result is an int8 activation type.
  }];
  let arguments = (ins MNV4_F32OrQTensor:$input);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_DequantizeOp : MNV4_QOp<"dequantize"> {
  let summary = "int8 to float (DEQUANTIZE)";
  let description = [{
    `x = s * (q - z)`. Verifier: an int8 activation input and an f32 result
    of the same shape.
  }];
  let arguments = (ins MNV4_QTensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_QConstOp : MNV4_QOp<"qconst", [ConstantLike]> {
  let summary = "a quantized weight or bias tensor";
  let description = [{
    The stored integers of a quantized constant: `value` is an `i8` (weights)
    or `i32` (biases) `dense` or `dense_resource` attribute whose shape
    matches the result, and the result type carries the quantization
    parameters.

    ```mlir
    %w = mnv4.qconst dense_resource<w> : tensor<8x3x3x3xi8> -> tensor<8x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {...}>>
    ```

    Verifier: the attribute's shape equals the result's and its element type
    is the result's storage type; a loaded `dense_resource` blob holds exactly
    the bytes the type needs.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$value attr-dict `->` type($output)";
  let extraClassDeclaration = [{
    /// The stored integers, row-major, each as little-endian bytes of the
    /// storage type's width (1 for i8, 4 for i32); an error naming the op
    /// when a dense_resource blob is missing or of another size.
    llvm::Expected<std::vector<uint8_t>> readStoredBytes();

    /// The stored integers as `T` (int8_t for i8 storage, int32_t for i32);
    /// an error as readStoredBytes's, or when `T` has another width.
    template <typename T> llvm::Expected<std::vector<T>> readStoredValues() {
      llvm::Expected<std::vector<uint8_t>> bytes = readStoredBytes();
      if (!bytes)
        return bytes.takeError();
      std::vector<T> values(getValue().getNumElements());
      if (bytes->size() != values.size() * sizeof(T))
        return llvm::createStringError(
            "'mnv4.qconst' stores %zu-byte integers, read as %zu-byte ones",
            bytes->size() / std::max<size_t>(values.size(), 1), sizeof(T));
      std::memcpy(values.data(), bytes->data(), bytes->size());
      return values;
    }
  }];
}

def MNV4_QConv2DOp : MNV4_QOp<"qconv2d"> {
  let summary = "int8 2-D convolution (CONV_2D)";
  let description = [{
    `mnv4.conv2d` on int8 tensors, computed as TFLite's ConvPerChannel:
    int32 accumulation of `w * (x - z_in)` plus the bias, requantized per
    output channel with the multiplier `s_in * s_w[c] / s_out`, plus the output
    zero point, clamped to the fused activation's range. Padding reads the
    input zero point.

    * `input`: int8 activation `[N, H, W, Cin]`; `filter`: per-axis
      symmetric int8 `[Cout, kh, kw, Cin]`, axis 0; `bias`: per-axis int32
      `[Cout]`, axis 0, zero point 0, scale `s_in * s_w[c]` (as float32).
    * `strides`, `pad`, the result shape: as `mnv4.conv2d`.

    Verifier: the shapes of `mnv4.conv2d` and the quantization rules above.
  }];
  let arguments = (ins MNV4_QTensor:$input, MNV4_QTensor:$filter,
      MNV4_QTensor:$bias, DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad,
      DefaultValuedAttr<MNV4_QActivationAttr, "::mnv4::QActivation::none">:$act);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter `,` $bias attr-dict `:` functional-type(operands, results)
  }];
}

def MNV4_QDepthwiseConv2DOp : MNV4_QOp<"qdepthwise_conv2d"> {
  let summary = "int8 depthwise convolution (DEPTHWISE_CONV_2D)";
  let description = [{
    `mnv4.depthwise_conv2d` on int8 tensors (TFLite DepthwiseConvPerChannel,
    depth multiplier 1). `filter`: per-axis symmetric int8 `[kh, kw, C]`,
    axis 2; `bias`: per-axis int32 `[C]`, scale `s_in * s_w[c]`.
  }];
  let arguments = (ins MNV4_QTensor:$input, MNV4_QTensor:$filter,
      MNV4_QTensor:$bias, DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad,
      DefaultValuedAttr<MNV4_QActivationAttr, "::mnv4::QActivation::none">:$act);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter `,` $bias attr-dict `:` functional-type(operands, results)
  }];
}

def MNV4_QFullyConnectedOp : MNV4_QOp<"qfully_connected"> {
  let summary = "int8 fully connected layer (FULLY_CONNECTED)";
  let description = [{
    `mnv4.fully_connected` on int8 tensors. `weight` `[out, in]` is either
    per-tensor symmetric int8 (the default: every TFLite runtime accepts it)
    or per-axis on axis 0; `bias` `[out]` is int32 with scale
    `s_in * s_w` (per-tensor) or `s_in * s_w[o]` (per-axis).
  }];
  let arguments = (ins MNV4_QTensor:$input, MNV4_QTensor:$weight,
      MNV4_QTensor:$bias);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` functional-type(operands, results)
  }];
}

def MNV4_QAddOp : MNV4_QOp<"qadd"> {
  let summary = "int8 elementwise sum (ADD)";
  let description = [{
    Residual add of two int8 tensors of the same shape, each with its own
    scale and zero point, rescaled as TFLite's integer ADD (left shift 20).
  }];
  let arguments = (ins MNV4_QTensor:$lhs, MNV4_QTensor:$rhs,
      DefaultValuedAttr<MNV4_QActivationAttr, "::mnv4::QActivation::none">:$act);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def MNV4_QMulOp : MNV4_QOp<"qmul"> {
  let summary = "int8 elementwise product with broadcasting (MUL)";
  let description = [{
    `lhs * rhs` with `rhs` broadcast to `lhs` (a layer scale `[C]`), every
    tensor per-tensor int8.
  }];
  let arguments = (ins MNV4_QTensor:$lhs, MNV4_QTensor:$rhs);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def MNV4_QMeanOp : MNV4_QOp<"qmean"> {
  let summary = "int8 mean over H and W, keeping them (MEAN)";
  let description = [{
    `[N, H, W, C] -> [N, 1, 1, C]` with independent input and output
    parameters (TFLite's reference QuantizedMeanOrSum).
  }];
  let arguments = (ins MNV4_QTensor:$input);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_QAvgPool2DOp : MNV4_QOp<"qavg_pool2d"> {
  let summary = "int8 average pool without padding (AVERAGE_POOL_2D)";
  let description = [{
    `mnv4.avg_pool2d` on int8; input and output share scale and zero point
    (the kernel does not rescale).
  }];
  let arguments = (ins MNV4_QTensor:$input,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$kernel,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$stride);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_QBatchMatMulOp : MNV4_QOp<"qbatch_matmul"> {
  let summary = "int8 batched matrix product (BATCH_MATMUL)";
  let description = [{
    `mnv4.matmul` on int8: both operands are per-tensor activations (even a
    constant one), no bias, no activation.
  }];
  let arguments = (ins MNV4_QTensor:$lhs, MNV4_QTensor:$rhs);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def MNV4_QSoftmaxOp : MNV4_QOp<"qsoftmax"> {
  let summary = "int8 softmax over the last axis (SOFTMAX, beta 1)";
  let description = [{
    Fixed-point softmax of TFLite's reference kernel. The result has scale
    1/256 and zero point -128, as TFLite requires.
  }];
  let arguments = (ins MNV4_QTensor:$input);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_QLutOp : MNV4_QOp<"qlut"> {
  let summary = "int8 activation by 256-entry table (GELU, LOGISTIC)";
  let description = [{
    `kind` of each int8 value through TFLite's LUTPopulate table. GELU is
    the exact (erfc) form; LOGISTIC's result has scale 1/256, zero point -128.
  }];
  let arguments = (ins MNV4_QTensor:$input, MNV4_QLutAttr:$kind);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat =
      "$kind $input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_QReshapeOp : MNV4_QOp<"qreshape"> {
  let summary = "int8 reshape (RESHAPE)";
  let description = [{
    `mnv4.reshape` on int8; input and output share scale and zero point.
  }];
  let arguments = (ins MNV4_QTensor:$input);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def MNV4_QTransposeOp : MNV4_QOp<"qtranspose"> {
  let summary = "int8 transpose (TRANSPOSE)";
  let description = [{
    `mnv4.transpose` on int8; input and output share scale and zero point.
  }];
  let arguments = (ins MNV4_QTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs MNV4_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

#endif // MNV4_QUANT_OPS_TD
