//===- MNV4GenericOps.td - ops for graphs not raised to blocks -*- tablegen -*-===//
//
// The importer raises timm's ONNX patterns to blocks; whatever it cannot raise
// stays as these generic tensor ops so that a graph of supported ONNX ops
// still compiles. They follow ONNX semantics on the tensors they receive.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_GENERIC_OPS_TD
#define MNV4_GENERIC_OPS_TD

def MNV4_MulOp : MNV4_Op<"mul", [Pure]> {
  let summary = "elementwise product with numpy broadcasting";
  let description = [{
    `output = lhs * rhs`, with `rhs` broadcast to `lhs` numpy-style (for
    example a layer scale `[C]` or a scalar `[]`, ONNX Mul). The result has
    the shape of `lhs`.

    Verifier: static shapes; `rhs` broadcasts to exactly the shape of `lhs`
    (it may not widen it); the result has the shape of `lhs`.
  }];
  let arguments = (ins MNV4_F32Tensor:$lhs, MNV4_F32Tensor:$rhs);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MNV4_MatMulOp : MNV4_Op<"matmul", [Pure]> {
  let summary = "batched matrix product with broadcast batch dims (ONNX MatMul)";
  let description = [{
    `[..., n, k] x [..., k, m] -> [..., n, m]` (ONNX MatMul): both
    operands have rank >= 2 and the leading (batch) dims broadcast
    numpy-style, e.g. `[1, h, N, kd] x [1, kd, M] -> [1, h, N, M]` for the
    unraised MQA attention.

    Verifier: static shapes of rank >= 2; equal contraction sizes; batch
    dims that broadcast; the result `[broadcast batch..., n, m]`.
  }];
  let arguments = (ins MNV4_F32Tensor:$lhs, MNV4_F32Tensor:$rhs);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MNV4_SoftmaxOp : MNV4_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax over the last axis";
  let description = [{
    `output[..., i] = exp(x[..., i] - max) / sum_j exp(x[..., j] - max)`
    over the last axis (ONNX Softmax with `axis = -1`). Input and result
    have the same static type of rank >= 1.
  }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def MNV4_TransposeOp : MNV4_Op<"transpose", [Pure]> {
  let summary = "permutation of dimensions";
  let description = [{
    `output.shape[i] = input.shape[perm[i]]` (ONNX Transpose); an NCHW
    permutation such as `[0, 2, 3, 1]` on an unraised graph.

    Verifier: `perm` is a permutation of `[0, rank)` and the result shape
    follows from it.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_ReshapeOp : MNV4_Op<"reshape", [Pure]> {
  let summary = "row-major reshape to the result type";
  let description = [{
    Reinterprets the row-major element sequence of `input` with the result
    type's shape (ONNX Reshape and Flatten with a constant shape).

    Verifier: both shapes static with the same number of elements.
  }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_PadOp : MNV4_Op<"pad", [Pure]> {
  let summary = "zero padding of H and W (NHWC)";
  let description = [{
    Zero padding of H and W of an NHWC tensor: `pad` is
    `[top, left, bottom, right]`; `[N, H, W, C] -> [N, H+t+b, W+l+r, C]`
    (ONNX Pad in constant mode, after layout conversion).

    Verifier: a static rank-4 input, four non-negative pads and the result
    shape above.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, DenseI64ArrayAttr:$pad);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

#endif // MNV4_GENERIC_OPS_TD
