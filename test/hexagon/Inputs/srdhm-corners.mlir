// TFLite's SaturatingRoundingDoublingHighMul as the integer lowering writes
// it in its linalg bodies (FixedPoint::srdhm: i64 arithmetic, then the
// INT32_MIN * INT32_MIN saturation), on pairs of i32 operands taken from a
// float32 input (any target compiles it), in vectorized
// elementwise kernels (identity maps). Input, NHWC 1x4x8x24: h = 0 and 1
// the high (signed) and low (unsigned) 16 bits of a, h = 2 and 3 those of
// m; every value an integer, exact in float32. Output, same shape: h = 0
// and 1 the high and low 16 bits of the unsaturated srdhm(a, m), h = 2 and
// 3 those of the saturated one (srdhm-corners.py computes the same).
#map = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @main(%x: tensor<1x4x8x24xf32>) -> tensor<1x4x8x24xf32> {
  %ah = tensor.extract_slice %x[0, 0, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x4x8x24xf32> to tensor<1x1x8x24xf32>
  %al = tensor.extract_slice %x[0, 1, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x4x8x24xf32> to tensor<1x1x8x24xf32>
  %mh = tensor.extract_slice %x[0, 2, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x4x8x24xf32> to tensor<1x1x8x24xf32>
  %ml = tensor.extract_slice %x[0, 3, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x4x8x24xf32> to tensor<1x1x8x24xf32>
  %e = tensor.empty() : tensor<1x1x8x24xi32>
  // a and m from their halves.
  %am:2 = linalg.generic {indexing_maps = [#map, #map, #map, #map, #map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ah, %al, %mh, %ml : tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>) outs(%e, %e : tensor<1x1x8x24xi32>, tensor<1x1x8x24xi32>) {
  ^bb0(%ahf: f32, %alf: f32, %mhf: f32, %mlf: f32, %o0: i32, %o1: i32):
    %c16 = arith.constant 16 : i32
    %ahi = arith.fptosi %ahf : f32 to i32
    %ali = arith.fptosi %alf : f32 to i32
    %mhi = arith.fptosi %mhf : f32 to i32
    %mli = arith.fptosi %mlf : f32 to i32
    %ash = arith.shli %ahi, %c16 : i32
    %a = arith.ori %ash, %ali : i32
    %msh = arith.shli %mhi, %c16 : i32
    %m = arith.ori %msh, %mli : i32
    linalg.yield %a, %m : i32, i32
  } -> (tensor<1x1x8x24xi32>, tensor<1x1x8x24xi32>)
  // srdhm(a, m) unsaturated and saturated.
  %rs:2 = linalg.generic {indexing_maps = [#map, #map, #map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%am#0, %am#1 : tensor<1x1x8x24xi32>, tensor<1x1x8x24xi32>) outs(%e, %e : tensor<1x1x8x24xi32>, tensor<1x1x8x24xi32>) {
  ^bb0(%a: i32, %m: i32, %o0: i32, %o1: i32):
    // FixedPoint::srdhm
    %a64 = arith.extsi %a : i32 to i64
    %m64 = arith.extsi %m : i32 to i64
    %p = arith.muli %a64, %m64 : i64
    %zero = arith.constant 0 : i64
    %nonneg = arith.cmpi sge, %p, %zero : i64
    %up = arith.constant 1073741824 : i64
    %down = arith.constant -1073741823 : i64
    %nudge = arith.select %nonneg, %up, %down : i64
    %t = arith.addi %p, %nudge : i64
    %d = arith.constant 2147483648 : i64
    %q = arith.divsi %t, %d : i64
    %r = arith.trunci %q : i64 to i32
    %min = arith.constant -2147483648 : i32
    %max = arith.constant 2147483647 : i32
    %amin = arith.cmpi eq, %a, %min : i32
    %mmin = arith.cmpi eq, %m, %min : i32
    %both = arith.andi %amin, %mmin : i1
    %sat = arith.select %both, %max, %r : i32
    linalg.yield %r, %sat : i32, i32
  } -> (tensor<1x1x8x24xi32>, tensor<1x1x8x24xi32>)
  // Their high and low 16 bits as floats.
  %ef = tensor.empty() : tensor<1x1x8x24xf32>
  %h:4 = linalg.generic {indexing_maps = [#map, #map, #map, #map, #map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%rs#0, %rs#1 : tensor<1x1x8x24xi32>, tensor<1x1x8x24xi32>) outs(%ef, %ef, %ef, %ef : tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>) {
  ^bb0(%r: i32, %s: i32, %o0: f32, %o1: f32, %o2: f32, %o3: f32):
    %c16 = arith.constant 16 : i32
    %mask = arith.constant 65535 : i32
    %rh = arith.shrsi %r, %c16 : i32
    %rl = arith.andi %r, %mask : i32
    %sh = arith.shrsi %s, %c16 : i32
    %sl = arith.andi %s, %mask : i32
    %f0 = arith.sitofp %rh : i32 to f32
    %f1 = arith.sitofp %rl : i32 to f32
    %f2 = arith.sitofp %sh : i32 to f32
    %f3 = arith.sitofp %sl : i32 to f32
    linalg.yield %f0, %f1, %f2, %f3 : f32, f32, f32, f32
  } -> (tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>, tensor<1x1x8x24xf32>)
  %out = tensor.empty() : tensor<1x4x8x24xf32>
  %y0 = tensor.insert_slice %h#0 into %out[0, 0, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x1x8x24xf32> into tensor<1x4x8x24xf32>
  %y1 = tensor.insert_slice %h#1 into %y0[0, 1, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x1x8x24xf32> into tensor<1x4x8x24xf32>
  %y2 = tensor.insert_slice %h#2 into %y1[0, 2, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x1x8x24xf32> into tensor<1x4x8x24xf32>
  %y3 = tensor.insert_slice %h#3 into %y2[0, 3, 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<1x1x8x24xf32> into tensor<1x4x8x24xf32>
  return %y3 : tensor<1x4x8x24xf32>
}
