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
    Holds one weight tensor (filter, bias, scale, shift...) as an f32
    `ElementsAttr`: a `dense<...>` literal for small or splat values, or a
    `dense_resource` blob for real weights, so that large models print,
    parse and round-trip through bytecode without a text copy of every
    float. In the canonical IR every weight operand has its own
    `mnv4.const` (consts are never shared between ops).

    ```mlir
    %w = mnv4.const dense_resource<stem_w> : tensor<32x3x3x3xf32>
    %b = mnv4.const dense<0.0> : tensor<32xf32>
    {-#
      dialect_resources: { builtin: { stem_w: "0x04000000..." } }
    #-}
    ```

    In the blob text the first 4 bytes are the alignment (little-endian
    u32), followed by the little-endian f32 payload in row-major order.

    Verifier: the result type equals the attribute's type (a static f32
    tensor). A `dense_resource` blob that is loaded must hold exactly
    `numElements * 4` bytes; an elided or not yet loaded blob is not
    checked. The op is `ConstantLike` and folds to its value.
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
    `output = act(conv(input, filter) + bias)`, a full (groups = 1) 2-D
    convolution, zero padded, no dilation:

    ```
    output[n, y, x, o] = act(bias[o] + sum_{i, j, c}
        input[n, y*sh + i - top, x*sw + j - left, c] * filter[o, i, j, c])
    ```

    where input reads outside `[0, H) x [0, W)` are zero.

    * `input`: NHWC `[N, H, W, Cin]`.
    * `filter`: OHWI `[Cout, kh, kw, Cin]` (PyTorch's OIHW permuted by
      `(0, 2, 3, 1)`).
    * `bias` (optional): `[Cout]`; a folded BatchNorm shift.
    * `strides`: `[sh, sw]`; `pad`: `[top, left, bottom, right]`.
    * `act` (default `none`) is applied after the bias.
    * `output`: `[N, Ho, Wo, Cout]` with
      `Ho = floor((H + top + bottom - kh) / sh) + 1` and likewise `Wo`.

    The stem, every ConvBnAct layer and `conv_head` (BatchNorm folded into
    filter and bias) are conv2d ops. timm pads symmetrically with
    `(k - 1) / 2`, so a 3x3 stride-2 conv has `pad = [1, 1, 1, 1]`.

    Verifier: every shape static with no zero-sized dimension; input and
    filter of rank 4 with matching `Cin`; two positive strides; four
    non-negative pads; the kernel fits the padded input; bias `[Cout]`;
    the result shape above.
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
    channel multiplier 1), zero padded, no dilation:

    ```
    output[n, y, x, c] = act(bias[c] + sum_{i, j}
        input[n, y*sh + i - top, x*sw + j - left, c] * filter[i, j, c])
    ```

    * `input`: NHWC `[N, H, W, C]`.
    * `filter`: HWC `[kh, kw, C]` (PyTorch's `[C, 1, kh, kw]` permuted).
    * `bias` (optional): `[C]`.
    * `strides`, `pad`, `act` and the output size `[N, Ho, Wo, C]` as for
      `mnv4.conv2d`.

    Used for depthwise layers the importer cannot raise into a block.

    Verifier: as for `mnv4.conv2d`, with a rank-3 filter whose last
    dimension equals the input channels.
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
    `output[n, o] = sum_i input[n, i] * weight[o, i] + bias[o]`, no
    activation (the classifier).

    * `input`: `[N, in]`, or the pooled map `[N, 1, 1, in]`, which is
      read as `[N, in]` (timm's flatten is implicit).
    * `weight`: `[out, in]`, as PyTorch's `nn.Linear` stores it.
    * `bias` (optional): `[out]`.
    * `output`: `[N, out]`.

    Verifier: the input is `[N, in]` or `[N, 1, 1, in]`, the weight
    `[out, in]`, the bias `[out]` and the result `[N, out]`.
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
    timm's `EdgeResidual` (`er_...` block strings), the first block of
    every medium, large and hybrid variant:

    ```
    t = act(conv_kxk(input, expand_filter, s) + expand_bias)  # in -> mid
    [t = antialias_pool(t)]                   # antialias != none
    y = conv_1x1(t, project_filter) + project_bias              # mid -> out
    output = residual ? input + y : y
    ```

    * `input`: NHWC `[N, H, W, in]`.
    * `expand_filter`: OHWI `[mid, k, k, in]`, `k` odd, symmetric zero
      padding `(k - 1) / 2`; `expand_bias`: `[mid]`.
    * `project_filter`: `[out, 1, 1, mid]`; `project_bias`: `[out]`. The
      projection has no activation.
    * `stride`: the block stride `s`. With `antialias = none` the expand
      conv runs at stride `s`; with `avg` or `blur` it runs at stride 1
      and the pool (see `#mnv4.aa`) realises `s = 2`.
    * `act` (default `relu`): the activation after the expand conv.
    * `residual`: present iff the block adds its input (timm adds it when
      `in == out` and `s == 1`; the attribute records that the Add exists).
    * `output`: `[N, Ho, Wo, out]` with `Ho = ceil(H / s)` (`none`, `blur`)
      or `floor(H / 2)` (`avg`).

    Verifier: static shapes as above; `k` odd; `stride >= 1`; antialiasing
    only at stride 2; `residual` only with `in == out` and stride 1.
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
    timm's `UniversalInvertedResidual` (`uir_...` block strings):

    ```
    x1 = start ? dw_a(input, start_filter, s1) + start_bias : input  # no act
    x2 = act(conv_1x1(x1, expand_filter) + expand_bias)   # in -> mid
    x3 = mid ? act(dw_k(x2, mid_filter, s2) + mid_bias) : x2
    [x3 = antialias_pool(x3)]                             # antialias != none
    y  = conv_1x1(x3, project_filter) + project_bias      # mid -> out, no act
    y  = layer_scale ? y * layer_scale : y                # per channel
    output = residual ? input + y : y
    ```

    The optional start and middle depthwise convs select the sub-form:
    ExtraDW (both), IB (middle only), ConvNeXt-like (start only) and FFN
    (neither). The block stride `s` sits on the middle conv (`s2 = s`,
    `s1 = 1`), or on the start conv when there is no middle conv
    (`s1 = s`). With `antialias = avg` or `blur` the middle conv runs at
    stride 1 and the pool (see `#mnv4.aa`) realises `s = 2`.

    * `input`: NHWC `[N, H, W, in]`.
    * `start_filter`/`start_bias` (optional, together): HWC `[a, a, in]`
      and `[in]`, `a` in {3, 5}, symmetric zero padding `(a - 1) / 2`.
    * `expand_filter`: `[mid, 1, 1, in]`; `expand_bias`: `[mid]`.
    * `mid_filter`/`mid_bias` (optional, together): `[k, k, mid]` and
      `[mid]`, `k` in {3, 5}, padding `(k - 1) / 2`.
    * `project_filter`: `[out, 1, 1, mid]`; `project_bias`: `[out]`.
    * `layer_scale` (optional, the hybrid variants): `[out]`.
    * `act` (default `relu`): after the expand and middle convs only.
    * `residual`: present iff the block adds its input (timm: `in == out`
      and `s == 1`).
    * `output`: `[N, Ho, Wo, out]` with `Ho = ceil(H / s)` (`none`, `blur`)
      or `floor(H / 2)` (`avg`).

    Verifier: static shapes as above; a filter and its bias come together;
    a stride other than 1 needs a start or middle conv; antialiasing needs
    a middle conv and stride 2; `residual` needs `in == out` and stride 1.
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
    timm's `MobileAttention` with `MultiQueryAttention2d` (`mqa_...` block
    strings), the attention block of the hybrid variants. Keys and values
    are a single head shared by all `num_heads` query heads. Per batch
    element, `n` indexes the `H * W` query positions and `m` the `Hk * Wk`
    key/value positions, both row-major (`n = y * W + x`):

    ```
    xn = input * norm_scale + norm_shift     # pre-norm BN, per channel
    Q  = conv_1x1(xn, query_filter)          # [N,H,W,heads*kd]
    xk = xn, xv = xn
    if kv_stride > 1:                        # K/V downsampling, no act
      xk = dw_3x3(xn, key_down_filter, kv_stride) + key_down_bias
      xv = dw_3x3(xn, value_down_filter, kv_stride) + value_down_bias
    K  = conv_1x1(xk, key_filter)            # [N,Hk,Wk,kd]
    V  = conv_1x1(xv, value_filter)          # [N,Hk,Wk,vd]
    A[h,n,m] = softmax_m(sum_d (Q[n, h*kd + d] * kd^-0.5) * K[m, d])
    O[n, h*vd + d] = sum_m A[h,n,m] * V[m, d]   # heads concatenated
    y  = conv_1x1(O, output_filter)          # heads*vd -> C
    output = input + (layer_scale ? y * layer_scale : y)
    ```

    * `input`, `output`: NHWC `[N, H, W, C]`; the residual always exists.
    * `norm_scale`, `norm_shift`: `[C]`, the pre-norm BatchNorm folded to
      an affine map (no activation).
    * `query_filter`: `[heads*kd, 1, 1, C]`; `key_filter`: `[kd, 1, 1, C]`;
      `value_filter`: `[vd, 1, 1, C]`; `output_filter`:
      `[C, 1, 1, heads*vd]`. No biases, no activations.
    * `key_down_filter`/`key_down_bias` and
      `value_down_filter`/`value_down_bias`: present iff `kv_stride > 1`,
      each `[3, 3, C]` and `[C]`: separate 3x3 depthwise convs with
      symmetric padding 1 at stride `kv_stride` (folded BN, no activation),
      so `Hk = ceil(H / kv_stride)`.
    * `layer_scale` (optional): `[C]`.
    * `num_heads >= 1`, `kv_stride >= 1`.

    Verifier: all of the shapes above, with `kd` and `vd` read from the key
    and value filters.
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
    `output[..., c] = input[..., c] * scale[c] + shift[c]` over the last
    (channel) axis, with `scale = gamma / sqrt(var + eps)` and
    `shift = beta - mean * scale` already folded. Used where a BatchNorm has
    no producing conv to fold into (the Mobile MQA pre-norm when the
    importer does not raise the block).

    Verifier: the input has rank >= 1; `scale` and `shift` are `[C]` for
    the last input dimension `C`; the result has the input's shape.
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
  let description = [{
    `output[n, 0, 0, c] = mean over (y, x) of input[n, y, x, c]`:
    `[N, H, W, C] -> [N, 1, 1, C]`, dividing by `H * W` (timm's
    `SelectAdaptivePool2d` with `flatten = False`; the head runs
    `conv_head` on the pooled map).

    Verifier: a static rank-4 input and the result `[N, 1, 1, C]`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_AvgPool2DOp : MNV4_Op<"avg_pool2d", [Pure]> {
  let summary = "average pool without padding, floor mode";
  let description = [{
    Average pool without padding, floor mode:
    `[N, H, W, C] -> [N, (H - k) / s + 1, (W - k) / s + 1, C]`, each output
    the mean of a `k x k` window. The `avg` anti-aliased variants use
    `kernel = 2, stride = 2` (`floor(H / 2)`).

    Verifier: `kernel >= 1`, `stride >= 1`, `kernel <= H` and `<= W`, and
    the result shape above.
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
    `[N, H, W, C] -> [N, ceil(H / 2), ceil(W / 2), C]`. This is timm's
    `BlurPool2d` with constant padding (`blurpc`). The filter is fixed, so
    the op has no weight operand.

    Verifier: a static rank-4 input and the result shape above.
  }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_ActivationOp : MNV4_Op<"activation",
    [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise activation";
  let description = [{
    `output = kind(input)` elementwise, for an activation that could not be
    fused into a producing op. See `#mnv4.act` for the functions; `none`
    is the identity.

    Verifier: input and result have the same static shape, with no
    zero-sized dimension.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, MNV4_ActivationAttr:$kind);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def MNV4_AddOp : MNV4_Op<"add", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise sum of two same-shaped tensors (residuals)";
  let description = [{
    `output = lhs + rhs` elementwise, without broadcasting: both operands
    and the result have the same type, a static shape with no zero-sized
    dimension. Used for residual adds that are not part of a block op.
  }];
  let arguments = (ins MNV4_F32Tensor:$lhs, MNV4_F32Tensor:$rhs);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($output)";
  let hasVerifier = 1;
}

include "dialects/mnv4/MNV4GenericOps.td"
include "dialects/mnv4/MNV4QuantOps.td"

#endif // MNV4_OPS_TD
