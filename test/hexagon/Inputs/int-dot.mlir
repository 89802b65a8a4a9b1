// Integer-only IR for the Hexagon harness tests (test/hexagon): no mnv4 ops,
// so any target compiles it. float32 NHWC in, int8 quantization, an
// int8 x int8 -> int32 dot product over 16 channels, a data-dependent
// 32-bit division and 64-bit remainder (the harness's division helpers), and
// float32 out. Integer results are exact on every target.
#in = affine_map<(n, h, w, co, ci) -> (n, h, w, ci)>
#wt = affine_map<(n, h, w, co, ci) -> (co, ci)>
#acc = affine_map<(n, h, w, co, ci) -> (n, h, w, co)>
#map = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @main(%x: tensor<1x8x8x16xf32>) -> tensor<1x8x8x8xf32> {
  %w = arith.constant dense<[[-45, 115, -89, -26, 39, -115, -109, 83, 10, -103, -34, 22, -113, 105, 2, -73], [-118, -105, -16, -20, -110, -66, -104, 14, -19, -112, 84, 17, -96, 115, -70, 34], [33, 22, 115, -112, 20, 22, -26, -115, 122, -71, -116, 15, 92, -93, -53, -20], [-91, 11, -97, 19, -49, 16, 81, 47, -81, -101, 21, 19, 36, -79, -32, -103], [13, 55, -111, 17, -112, 31, -75, 0, 47, 9, -18, 71, -47, -8, 22, 109], [-11, -35, -51, -64, 76, -81, 51, 72, -65, -107, 20, -51, 7, -1, 97, -40], [59, -13, -54, 28, 123, -109, -97, 4, -20, -85, 66, -40, -89, 111, -2, -20], [-117, 119, 44, -108, 68, 15, 19, 75, 97, 82, -47, -40, 50, -38, 25, 0]]> : tensor<8x16xi8>
  %e8 = tensor.empty() : tensor<1x8x8x16xi8>
  %q = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x8x8x16xf32>) outs(%e8 : tensor<1x8x8x16xi8>) {
  ^bb0(%v: f32, %o: i8):
    %s = arith.constant 8.0 : f32
    %lo = arith.constant -128.0 : f32
    %hi = arith.constant 127.0 : f32
    %m = arith.mulf %v, %s : f32
    %c = arith.maximumf %m, %lo : f32
    %d = arith.minimumf %c, %hi : f32
    %i = arith.fptosi %d : f32 to i8
    linalg.yield %i : i8
  } -> tensor<1x8x8x16xi8>
  %zero = arith.constant 0 : i32
  %e32 = tensor.empty() : tensor<1x8x8x8xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e32 : tensor<1x8x8x8xi32>) -> tensor<1x8x8x8xi32>
  %acc = linalg.generic {indexing_maps = [#in, #wt, #acc], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%q, %w : tensor<1x8x8x16xi8>, tensor<8x16xi8>) outs(%init : tensor<1x8x8x8xi32>) {
  ^bb0(%a: i8, %b: i8, %s: i32):
    %a32 = arith.extsi %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %r = arith.addi %s, %p : i32
    linalg.yield %r : i32
  } -> tensor<1x8x8x8xi32>
  %ef = tensor.empty() : tensor<1x8x8x8xf32>
  %y = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : tensor<1x8x8x8xi32>) outs(%ef : tensor<1x8x8x8xf32>) {
  ^bb0(%a: i32, %o: f32):
    %c = linalg.index 3 : index
    %ci = arith.index_cast %c : index to i32
    %one = arith.constant 1 : i32
    %seven = arith.constant 7 : i32
    %k = arith.andi %a, %seven : i32
    %den = arith.addi %k, %one : i32
    %den2 = arith.addi %den, %ci : i32
    %quot = arith.divsi %a, %den2 : i32
    %a64 = arith.extsi %a : i32 to i64
    %big = arith.constant 1000000007 : i64
    %sq = arith.muli %a64, %big : i64
    %den64 = arith.extsi %den2 : i32 to i64
    %rem = arith.remsi %sq, %den64 : i64
    %rem32 = arith.trunci %rem : i64 to i32
    %sum = arith.addi %quot, %rem32 : i32
    %f = arith.sitofp %sum : i32 to f32
    linalg.yield %f : f32
  } -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}
