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
    example a layer scale `[C]` or a scalar `[]`). The result has the shape
    of `lhs`.
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
    `[..., n, k] x [..., k, m] -> [..., n, m]`; both operands have rank >= 2
    and the leading (batch) dims broadcast numpy-style.
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
    `output[..., i] = exp(x[..., i] - max) / sum_j exp(x[..., j] - max)`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def MNV4_TransposeOp : MNV4_Op<"transpose", [Pure]> {
  let summary = "permutation of dimensions";
  let description = [{
    `output.shape[i] = input.shape[perm[i]]` (ONNX Transpose).
  }];
  let arguments = (ins MNV4_F32Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_ReshapeOp : MNV4_Op<"reshape", [Pure]> {
  let summary = "row-major reshape to the result type";
  let arguments = (ins MNV4_F32Tensor:$input);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNV4_PadOp : MNV4_Op<"pad", [Pure]> {
  let summary = "zero padding of H and W (NHWC)";
  let description = [{
    `pad` is `[top, left, bottom, right]`; `[N,H,W,C] -> [N,H+t+b,W+l+r,C]`.
  }];
  let arguments = (ins MNV4_F32Tensor:$input, DenseI64ArrayAttr:$pad);
  let results = (outs MNV4_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

#endif // MNV4_GENERIC_OPS_TD
