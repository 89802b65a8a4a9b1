//===- MNV4Ops.td - mnv4 operations -------------------------*- tablegen -*-===//
//
// Block ops (fused_ib, uib, mqa) carry all of a block's weights as operands and
// compute the whole block; the primitive ops (conv2d, depthwise_conv2d, ...)
// describe the stem, ConvBnAct layers, the head and whatever the importer
// cannot raise to a block.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_OPS_TD
#define MNV4_OPS_TD

include "dialects/mnv4/MNV4Base.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

def MNV4_ConstOp : MNV4_Op<"const", [ConstantLike, Pure,
    AllTypesMatch<["value", "output"]>]> {
  let summary = "a weight tensor";
  let description = [{
    Holds one weight tensor (filter, bias, scale...). Large weights use
    `dense_resource` blobs:

    ```mlir
    %w = mnv4.const dense_resource<stem_w> : tensor<32x3x3x3xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolutions and fully connected
//===----------------------------------------------------------------------===//

def MNV4_Conv2DOp : MNV4_Op<"conv2d", [Pure]> {
  let summary = "full 2-D convolution with fused bias and activation";
  let description = [{
    `output = act(conv(input, filter) + bias)`. Input NHWC `[N,H,W,Cin]`,
    filter OHWI `[Cout,kh,kw,Cin]`, optional bias `[Cout]`. `strides` is
    `[sh, sw]`, `pad` is `[top, left, bottom, right]` zero padding, and the
    output is `[N, (H + top + bottom - kh) / sh + 1, ..., Cout]` (floor).
    The stem and every ConvBnAct layer (BatchNorm folded) are conv2d ops.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, MNV4_F32Tensor:$filter,
      Optional<MNV4_F32Tensor>:$bias,
      DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad,
      DefaultValuedAttr<MNV4_ActivationAttr, "::mnv4::Activation::none">:$act);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MNV4_DepthwiseConv2DOp : MNV4_Op<"depthwise_conv2d", [Pure]> {
  let summary = "depthwise 2-D convolution with fused bias and activation";
  let description = [{
    Each channel is convolved with its own `kh x kw` filter (groups = C,
    multiplier 1). Input `[N,H,W,C]`, filter HWC `[kh,kw,C]`, optional bias
    `[C]`; `strides`, `pad` and the output size as for `mnv4.conv2d`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, MNV4_F32Tensor:$filter,
      Optional<MNV4_F32Tensor>:$bias,
      DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad,
      DefaultValuedAttr<MNV4_ActivationAttr, "::mnv4::Activation::none">:$act);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MNV4_FullyConnectedOp : MNV4_Op<"fully_connected", [Pure]> {
  let summary = "fully connected layer (the classifier)";
  let description = [{
    `output[n, o] = sum_i input[n, i] * weight[o, i] + bias[o]`. The input is
    `[N, in]` or a pooled `[N, 1, 1, in]` map (flattened); weight `[out, in]`,
    optional bias `[out]`, output `[N, out]`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, MNV4_F32Tensor:$weight,
      Optional<MNV4_F32Tensor>:$bias);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Blocks
//===----------------------------------------------------------------------===//

def MNV4_FusedIBOp : MNV4_Op<"fused_ib", [Pure]> {
  let summary = "Fused inverted bottleneck (timm EdgeResidual)";
  let description = [{
    ```
    t = act(conv_kxk(input, expand_filter, stride) + expand_bias)   # in -> mid
    [t = antialias_pool(t)]                      # when antialias != none
    y = conv_1x1(t, project_filter) + project_bias                  # mid -> out
    output = residual ? input + y : y
    ```
    `expand_filter` is OHWI `[mid,k,k,in]` with k odd and padding `(k-1)/2`;
    `project_filter` is `[out,1,1,mid]`. With `antialias = avg` or `blur`
    the expand conv runs at stride 1 and the pool realises `stride = 2`.
    `residual` requires `in == out` and `stride == 1`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input,
      MNV4_F32Tensor:$expand_filter, MNV4_F32Tensor:$expand_bias,
      MNV4_F32Tensor:$project_filter, MNV4_F32Tensor:$project_bias,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$stride,
      DefaultValuedAttr<MNV4_ActivationAttr, "::mnv4::Activation::relu">:$act,
      DefaultValuedAttr<MNV4_AntialiasAttr, "::mnv4::Antialias::none">:$antialias,
      UnitAttr:$residual);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input `expand` `(` $expand_filter `,` $expand_bias `)`
    `project` `(` $project_filter `,` $project_bias `)`
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getKernel();
    int64_t getExpandedChannels();
  }];
}

def MNV4_UIBOp : MNV4_Op<"uib", [Pure, AttrSizedOperandSegments]> {
  let summary = "Universal Inverted Bottleneck";
  let description = [{
    ```
    x1 = start ? dw_a(input, start_filter) + start_bias : input  # stride 1, no act
    x2 = act(conv_1x1(x1, expand_filter) + expand_bias)          # in -> mid
    x3 = mid ? act(dw_k(x2, mid_filter, stride) + mid_bias) : x2
    [x3 = antialias_pool(x3)]                                    # antialias != none
    y  = conv_1x1(x3, project_filter) + project_bias             # mid -> out
    y  = layer_scale ? layer_scale * y : y                       # per channel
    output = residual ? input + y : y
    ```
    The optional start and middle depthwise convs (kernel 3 or 5, HWC filters,
    padding `(k-1)/2`) select the sub-form: ExtraDW (both), IB (middle only),
    ConvNeXt-like (start only) and FFN (neither). The block stride sits on the
    middle depthwise conv, or on the start one when there is no middle conv.
    `expand_filter` is `[mid,1,1,in]` and `project_filter` `[out,1,1,mid]`.
    `residual` requires `in == out` and `stride == 1`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input,
      Optional<MNV4_F32Tensor>:$start_filter,
      Optional<MNV4_F32Tensor>:$start_bias,
      MNV4_F32Tensor:$expand_filter, MNV4_F32Tensor:$expand_bias,
      Optional<MNV4_F32Tensor>:$mid_filter,
      Optional<MNV4_F32Tensor>:$mid_bias,
      MNV4_F32Tensor:$project_filter, MNV4_F32Tensor:$project_bias,
      Optional<MNV4_F32Tensor>:$layer_scale,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$stride,
      DefaultValuedAttr<MNV4_ActivationAttr, "::mnv4::Activation::relu">:$act,
      DefaultValuedAttr<MNV4_AntialiasAttr, "::mnv4::Antialias::none">:$antialias,
      UnitAttr:$residual);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input (`start` `(` $start_filter^ `,` $start_bias `)`)?
    `expand` `(` $expand_filter `,` $expand_bias `)`
    (`mid` `(` $mid_filter^ `,` $mid_bias `)`)?
    `project` `(` $project_filter `,` $project_bias `)`
    (`layer_scale` `(` $layer_scale^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Depthwise kernel sizes; 0 when the conv is absent.
    int64_t getStartKernel();
    int64_t getMidKernel();
    int64_t getExpandedChannels();
  }];
}

def MNV4_MobileMQAOp : MNV4_Op<"mqa", [Pure, AttrSizedOperandSegments]> {
  let summary = "Mobile multi-query attention block with pre-norm and residual";
  let description = [{
    ```
    xn = input * norm_scale + norm_shift               # pre-norm BN, per channel
    Q  = conv_1x1(xn, query_filter)                    # [N,H,W,heads*kd]
    xk = kv_stride > 1 ? dw_3x3(xn, key_down_filter, kv_stride) + key_down_bias : xn
    xv = kv_stride > 1 ? dw_3x3(xn, value_down_filter, kv_stride) + value_down_bias : xn
    K  = conv_1x1(xk, key_filter)                      # [N,Hk,Wk,kd], one head
    V  = conv_1x1(xv, value_filter)                    # [N,Hk,Wk,vd], one head
    A[h,n,m] = softmax_m(sum_d Q[n, h*kd + d] * kd^-0.5 * K[m, d])
    O[n, h*vd + d] = sum_m A[h,n,m] * V[m, d]         # heads concatenated
    y  = conv_1x1(O, output_filter)                    # heads*vd -> C
    output = input + (layer_scale ? layer_scale * y : y)
    ```
    Keys and values are a single head shared by all `num_heads` query heads
    (n, m index positions row-major). With `kv_stride > 1` keys and values are
    first downsampled by their own 3x3 depthwise convs (padding 1, folded BN).
    Filters are `[out,1,1,in]`; the pre-norm scale/shift and layer scale are
    `[C]`. Input and output are `[N,H,W,C]`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input,
      MNV4_F32Tensor:$norm_scale, MNV4_F32Tensor:$norm_shift,
      MNV4_F32Tensor:$query_filter,
      Optional<MNV4_F32Tensor>:$key_down_filter,
      Optional<MNV4_F32Tensor>:$key_down_bias,
      Optional<MNV4_F32Tensor>:$value_down_filter,
      Optional<MNV4_F32Tensor>:$value_down_bias,
      MNV4_F32Tensor:$key_filter, MNV4_F32Tensor:$value_filter,
      MNV4_F32Tensor:$output_filter,
      Optional<MNV4_F32Tensor>:$layer_scale,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$num_heads,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$kv_stride);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input `norm` `(` $norm_scale `,` $norm_shift `)`
    `query` `(` $query_filter `)`
    (`key_down` `(` $key_down_filter^ `,` $key_down_bias `)`)?
    (`value_down` `(` $value_down_filter^ `,` $value_down_bias `)`)?
    `key` `(` $key_filter `)` `value` `(` $value_filter `)`
    `output` `(` $output_filter `)`
    (`layer_scale` `(` $layer_scale^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getKeyDim();
    int64_t getValueDim();
  }];
}

//===----------------------------------------------------------------------===//
// Normalisation, pooling, elementwise
//===----------------------------------------------------------------------===//

def MNV4_BatchNormOp : MNV4_Op<"batch_norm", [Pure]> {
  let summary = "inference BatchNorm folded to a per-channel affine map";
  let description = [{
    `output[..., c] = input[..., c] * scale[c] + shift[c]`, with
    `scale = gamma / sqrt(var + eps)` and `shift = beta - mean * scale`
    already folded. Used where a BatchNorm has no producing conv to fold into
    (the Mobile MQA pre-norm when it is not raised).
  }];
  let arguments = (ins MNV4_F32Tensor:$input, MNV4_F32Tensor:$scale,
      MNV4_F32Tensor:$shift);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $shift attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MNV4_GlobalAvgPoolOp : MNV4_Op<"global_avg_pool", [Pure]> {
  let summary = "mean over H and W, keeping them as 1";
  let description = [{ `[N,H,W,C] -> [N,1,1,C]`, dividing by `H*W`. }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_AvgPool2DOp : MNV4_Op<"avg_pool2d", [Pure]> {
  let summary = "average pool without padding, floor mode";
  let description = [{
    `[N,H,W,C] -> [N,(H-k)/s+1,(W-k)/s+1,C]`, each output the mean of a
    `k x k` window. The anti-aliased variants use `k = 2, s = 2`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$kernel,
      ConfinedAttr<I64Attr, [IntMinValue<1>]>:$stride);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_BlurPoolOp : MNV4_Op<"blur_pool", [Pure]> {
  let summary = "fixed 3x3 binomial blur, stride 2, zero padding 1";
  let description = [{
    Depthwise 3x3 filter `[[1,2,1],[2,4,2],[1,2,1]] / 16` on every channel,
    stride 2, zero padding 1 on every side (borders not renormalised):
    `[N,H,W,C] -> [N,ceil(H/2),ceil(W/2),C]`. The filter is fixed, so the op
    has no weight operand.
  }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_ActivationOp : MNV4_Op<"activation",
    [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise activation";
  let arguments = (ins MNV4_F32Tensor:$input, MNV4_ActivationAttr:$kind);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
}

def MNV4_AddOp : MNV4_Op<"add", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise sum of two same-shaped tensors (residuals)";
  let arguments = (ins MNV4_F32Tensor:$lhs, MNV4_F32Tensor:$rhs);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($output)";
}

include "dialects/mnv4/MNV4GenericOps.td"

#endif // MNV4_OPS_TD
