//===- Passes.td - mnv4 pass definitions --------------------*- tablegen -*-===//

#ifndef MNV4_PASSES_TD
#define MNV4_PASSES_TD

include "mlir/Pass/PassBase.td"

def PrintBlockStats : Pass<"mnv4-print-block-stats", "mlir::ModuleOp"> {
  let summary = "print each function's per-block table: params, weights, MACs";
  let description = [{
    Like upstream `-print-op-stats`, an analysis printout that leaves the IR
    unchanged: one row per block (stem, ConvBnAct, FusedIB, UIB, Mobile MQA,
    head, classifier) with its attributes, trainable parameters as timm counts
    them, stored weights and multiply-accumulates, then the totals. With
    `json=true` it prints the `--stats-json` object instead.
  }];
  let options = [
    Option<"json", "json", "bool", /*default=*/"false",
           "print the stats JSON object instead of the table">
  ];
}

//===----------------------------------------------------------------------===//
// Raising: generic ops as imported from ONNX -> canonical blocks. The ONNX
// importer runs mnv4-raise-to-blocks; each stage is also a pass of its own.
//===----------------------------------------------------------------------===//

class RaisingPass<string arg, string sum, string desc>
    : Pass<arg, "mlir::ModuleOp"> {
  let summary = sum;
  let description = desc;
  let dependentDialects = ["::mnv4::MNV4Dialect"];
}

def FoldLayoutOps : RaisingPass<"mnv4-fold-layout-ops",
    "fold transpose and reshape chains left by NCHW->NHWC conversion", [{
    `transpose(transpose(x))` becomes one transpose (or `x`), and
    `reshape(reshape(x))` one reshape (or `x` when the types agree).
  }]>;

def FoldActivations : RaisingPass<"mnv4-fold-activations",
    "fold activations and zero pads into the producing / consuming conv", [{
    `conv2d`/`depthwise_conv2d` with `act = none` followed by
    `mnv4.activation` becomes the conv with that `act`; an unpadded conv of
    `mnv4.pad` takes the pad as its own padding.
  }]>;

def RaiseAntialias : RaisingPass<"mnv4-raise-antialias",
    "the fixed 3x3 binomial depthwise conv -> mnv4.blur_pool", [{
    A stride-2, pad-1 depthwise conv without bias whose filter is
    `[1,2,1]x[1,2,1]/16` on every channel (timm's BlurPool, blurpc).
  }]>;

def RaiseHead : RaisingPass<"mnv4-raise-head",
    "the classifier reads the pooled [N,1,1,C] map directly", [{
    `fully_connected(reshape(x))` with `x : [N,1,1,C]` becomes
    `fully_connected(x)` (the Flatten of the timm head).
  }]>;

def RaiseMobileMQA : RaisingPass<"mnv4-raise-mqa",
    "the Mobile MQA chain -> mnv4.mqa", [{
    Matches pre-norm batch_norm, q/k/v 1x1 projections (optionally after a
    3x3 strided depthwise down-sampling for k and v), the exported
    reshape/transpose chain, the kd^-0.5 scale, matmul-softmax-matmul, the
    output projection, layer scale and residual add, with every permutation
    and shape checked.
  }]>;

def RaiseInvertedBottleneck : RaisingPass<"mnv4-raise-blocks",
    "UIB (4 sub-forms) and FusedIB chains -> mnv4.uib / mnv4.fused_ib", [{
    Matched backwards from a 1x1 projection with bias and no activation:
    `[dw_start] -> expand{act} -> [dw_mid{act} -> [aa pool]] -> project ->
    [mul layer_scale] -> [add input]` (UIB) or
    `conv kxk{act} -> [aa pool] -> project -> [add input]` (FusedIB).
  }]>;

def RaiseToBlocks : RaisingPass<"mnv4-raise-to-blocks",
    "all raising stages in order (what the ONNX importer runs)", [{
    mnv4-fold-layout-ops + mnv4-fold-activations, then mnv4-raise-antialias
    + mnv4-raise-head, then mnv4-raise-mqa, then mnv4-raise-blocks.
  }]>;

//===----------------------------------------------------------------------===//
// int8 post-training quantization (docs/int8.md)
//===----------------------------------------------------------------------===//

def DecomposeBlocks : Pass<"mnv4-decompose-blocks", "mlir::ModuleOp"> {
  let summary = "block ops -> the primitive f32 ops TFLite has an op for";
  let description = [{
    `mnv4.fused_ib`, `mnv4.uib`, `mnv4.mqa`, `mnv4.batch_norm` and
    `mnv4.blur_pool` become conv2d, depthwise_conv2d (BatchNorm as a 1x1
    depthwise conv, blur as a fixed 3x3 one), add, mul, avg_pool2d, reshape,
    transpose, matmul and softmax; the attention's `kd^-0.5` is folded into
    the query filter. Activations other than relu/relu6 are split out of the
    convs. Every new op is located at its block's timm name plus a part
    (`blocks.2.0.pw_exp`), whose child location records the block and its
    kind (`mnv4::blockPartLoc`: `fused<{mnv4.block_kind = "uib"}>[block]`).
  }];
  let dependentDialects = ["::mnv4::MNV4Dialect"];
}

def QuantizeInt8 : Pass<"mnv4-quantize-int8", "mlir::ModuleOp"> {
  let summary = "calibrated primitive f32 ops -> the int8 ops (TFLite int8)";
  let description = [{
    Reads the calibrated range `mnv4.range = array<f32: min, max>` of every
    function argument and op result (set by the calibration of
    `mnv4-compile --quantize=int8`, or by hand in tests) and rewrites the
    decomposed f32 function into `mnv4.quantize`, `mnv4.q*` ops and
    `mnv4.dequantize`, with TFLite's parameter formulas: activations
    asymmetric per-tensor with a nudged zero point, conv weights per-channel
    symmetric, biases int32 at `s_in x s_w`, fixed 1/256 softmax outputs.
    Fails naming the op when a range is missing or an op has no int8 form.
  }];
  let options = [
    Option<"perChannelFC", "per-channel-fc", "bool", /*default=*/"false",
           "quantize the classifier weights per channel (Arm NN 20.08 and "
           "older runtimes reject it; per-tensor is the default)">,
    Option<"padZeroPoint0", "pad-zero-point-0", "bool", /*default=*/"false",
           "give every tensor that the TFLite export pads with an explicit "
           "PAD zero point 0 (symmetric range), so that Arm NN 20.08, whose "
           "PAD pads with 0, computes what TFLite does">
  ];
  let dependentDialects = ["::mnv4::MNV4Dialect",
                           "::mlir::quant::QuantDialect"];
}

//===----------------------------------------------------------------------===//
// Lowering: mnv4 blocks -> linalg on tensors -> the C entry point. Target
// parameters come from lib/targets (one table per target); the passes
// themselves are target-independent.
//===----------------------------------------------------------------------===//

def LowerToLinalg : Pass<"mnv4-lower-to-linalg", "mlir::ModuleOp"> {
  let summary = "every mnv4 op -> linalg/tensor/arith/math on tensors";
  let description = [{
    Each mnv4 op becomes the linalg ops that compute it: convolutions as
    `linalg.conv_2d_nhwc_fhwc` / `linalg.depthwise_conv_2d_nhwc_hwc` on a
    zero-padded input with the bias as the init, 1x1 convolutions and the
    classifier as a matmul on weights packed at compile time into
    `[Co/nr][Ci][nr]` panels, activations, pools, softmax and attention as
    `linalg.generic`. With `fuse-blocks`, a UIB or FusedIB block becomes an
    `scf.for` over tiles of its expanded channels: each iteration expands its
    channels over the whole image, runs the middle depthwise conv on them and
    accumulates the projection into the block's output (the projection bias
    as the initial value); layer scale and residual follow the loop. A block
    with no channel tile small enough is computed in bands of output rows
    (with the depthwise halo) when its expanded tensor has at least
    `fuse-min-bytes`. The loop carries
    `mnv4.scratch_bytes`, the bytes of its per-tile buffers, and
    `mnv4.block_index`, the block's position in --stats-json's blocks. Every kernel carries a `mnv4.kernel` tag naming its
    role, which the tiling strategy reads. An op without a lowering is an
    error naming the op and its location.
  }];
  let options = [
    Option<"panelWidth", "panel-width", "int64_t", /*default=*/"16",
           "output-channel panel width of packed 1x1 weights">,
    Option<"fuseBlocks", "fuse-blocks", "bool", /*default=*/"true",
           "compute UIB/FusedIB blocks tile by tile (scf.for), so the "
           "expanded tensor never exists whole">,
    Option<"fuseMinBytes", "fuse-min-bytes", "int64_t",
           /*default=*/"2097152",
           "row bands only for blocks whose expanded tensor has at least "
           "this many bytes (0: every block)">,
    Option<"fuseStrategy", "fuse-strategy", "std::string", /*default=*/"\"auto\"",
           "auto: tiles of the expanded channels where one fits, else row "
           "bands; rows: row bands only">,
    Option<"channelTileBytes", "channel-tile-bytes", "int64_t",
           /*default=*/"262144",
           "largest per-tile buffers of a block fused in channel tiles">,
    Option<"scoreTiles", "score-tiles", "bool", /*default=*/"true",
           "batch-1 Mobile MQA on score tiles (an scf.for around its "
           "kernels); false: whole score and value kernels">,
    Option<"polynomialExp", "polynomial-exp", "bool", /*default=*/"true",
           "softmax's exp as a polynomial in plain arithmetic; false: "
           "math.exp">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

def LowerQuantToLinalg : Pass<"mnv4-lower-quant-to-linalg", "mlir::ModuleOp"> {
  let summary = "every int8 mnv4.q* op -> linalg/tensor/arith on i8/i32 tensors";
  let description = [{
    The shared integer lowering of int8 models (docs/int8-codegen.md): each
    `mnv4.q*` op becomes the linalg ops that compute exactly what the int8
    reference engine computes. Convolutions, depthwise convolutions and
    fully connected layers accumulate int8 products in i32 (the input zero
    point folded into the bias at compile time, padding reading it) and
    requantize in an `activation` epilogue that the tiling fuses into the
    register tile: TFLite's MultiplyByQuantizedMultiplier with its double
    rounding (multipliers from QuantizeMultiplier at compile time), the
    output zero point, the fused relu/relu6 clamp. SOFTMAX uses compile-time
    tables of gemmlowp's exp; GELU and LOGISTIC are 256-entry tables. With
    `dot-product`, 1x1 convolutions and fully connected layers are explicit
    register tiles (`scf.forall` of `rows` pixels x `panel-width` channels)
    around dot-product intrinsics (x86, AArch64 sdot, Hexagon HVX vrmpy).
    With `fuse-blocks`, a Mobile MQA's attention (head split, BATCH_MATMUL,
    SOFTMAX, BATCH_MATMUL, head merge) is one loop over tiles of the heads'
    query rows against K and V packed once (docs/int8-codegen.md section 8).
    Quantized tensor types become tensors of their storage type; the
    function's f32 edges (`mnv4.quantize`, `mnv4.dequantize`) stay f32. A
    requantization multiplier that TFLite's 32-bit multiplier and shift
    cannot represent is an error naming the op. Ops of fp32 models are left
    to `mnv4-lower-to-linalg`.
  }];
  let options = [
    Option<"panelWidth", "panel-width", "int64_t", /*default=*/"16",
           "output-channel panel width of packed int8 1x1 weights">,
    Option<"rows", "rows", "int64_t", /*default=*/"4",
           "pixels per register tile of the dot-product 1x1 kernel">,
    Option<"dotProduct", "dot-product", "std::string", /*default=*/"\"none\"",
           "1x1 kernels on dot products: avx512vnni (vpdpbusd), avx2 "
           "(vpmaddwd), sdot (AArch64 dotprod), vrmpy (Hexagon HVX), or "
           "none (the generic vectorized kernel)">,
    Option<"fuseBlocks", "fuse-blocks", "bool", /*default=*/"true",
           "expand -> depthwise -> projection chains (UIB / FusedIB) tile by "
           "tile of their expanded channels, the expanded tensor never whole; "
           "Mobile MQA attention on tiles of query rows against the shared "
           "K and V, the score tensor never whole">,
    Option<"fuseMinBytes", "fuse-min-bytes", "int64_t", /*default=*/"0",
           "fuse a chain only when its int8 expanded tensor has more bytes "
           "than this (a module's mnv4.int8_fuse_min_bytes overrides it)">,
    Option<"srdhmDivision", "srdhm-division", "bool", /*default=*/"false",
           "SaturatingRoundingDoublingHighMul's generic form as TFLite writes "
           "it (nudge select, truncating division; for Hexagon) instead of one "
           "rounding add and shift (the same integer)">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def InsertProfileProbes : Pass<"mnv4-insert-profile-probes", "mlir::ModuleOp"> {
  let summary = "a timestamp probe between the blocks of the entry function";
  let description = [{
    On mnv4 IR, before mnv4-lower-to-linalg: every block of the single public
    function (`mnv4::blockSpans`: each op of its body but `mnv4.const` and
    `func.return`, the entries of --stats-json, in order; in an int8 model
    the ops one decomposed block became, as their locations record it) is
    bracketed by calls to
    `mnv4_profile_mark(i32)`, declared private and defined by the runtime
    (runtime/Profile.h): mark 0 before block 0, mark i + 1 after block i. The
    lowering keeps the calls in place, so block i's code runs between marks i
    and i + 1. Only `mnv4-run --engine=compiled --profile` builds with it; the
    objects `mnv4-compile --emit=obj` writes have no probes.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect"];
}

def BuildEntryABI : Pass<"mnv4-build-entry-abi", "mlir::ModuleOp"> {
  let summary = "the model function -> the C entry point of docs/abi.md";
  let description = [{
    Replaces the single public function (NHWC tensors in, tensors out) with
    `<name>_run(input, outputs...)` over memrefs in destination-passing style:
    the input is read as float32 NCHW (or NHWC with `input-layout=nhwc`) and
    transposed inside, every rank-4 result is written NCHW (the layout the
    ONNX graph gives), other results as they are. After bufferization the
    outputs are written in place in the caller's buffers.
  }];
  let options = [
    Option<"name", "name", "std::string", /*default=*/"\"model\"",
           "symbol prefix of the entry point">,
    Option<"inputLayout", "input-layout", "std::string", /*default=*/"\"nchw\"",
           "layout of the caller's input: nchw or nhwc">
  ];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::memref::MemRefDialect"];
}

def PadIntoProducer : Pass<"mnv4-pad-into-producer", "mlir::ModuleOp"> {
  let summary = "tensor.pad -> a zero-bordered buffer its producer writes in "
                "place";
  let description = [{
    A `tensor.pad` with a constant padding value bufferizes as a fill of the
    whole padded buffer and a copy of its source into it: two extra passes
    over the activation before every 3x3 and depthwise convolution. This pass
    rewrites it as a `tensor.empty` of the padded shape whose border strips
    are filled (`linalg.fill`, one per padded side) and a
    `tensor.insert_slice` of the source into the interior. The padded
    buffer is created just before the `tensor.empty` that the source's
    producer chain (destination-style inits, `scf.forall` shared outputs,
    `scf.for` iter_args) starts from, so that `eliminate-empty-tensors` can
    then make the producer write into the interior in place. A source with
    no such producer (a function argument, a constant) keeps its copy; only
    the border is filled.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def PlanArena : Pass<"mnv4-plan-arena", "mlir::ModuleOp"> {
  let summary = "every buffer of the entry point -> a view into one arena";
  let description = [{
    After bufferization: each `memref.alloc` of the entry function (static
    shapes only) becomes a `memref.view` into one caller-supplied arena, a new
    last argument `memref<Bxi8>`. Offsets come from liveness: a buffer lives
    from its allocation to the last use of it or of any view of it, in
    program order of the function's top-level operations; buffers whose
    lifetimes do not overlap share bytes (greedy best fit, largest first,
    `alignment`-byte aligned). `memref.dealloc` ops are dropped. The arena
    size is recorded as `mnv4.arena_bytes` on the module. A tile loop tagged
    `mnv4.scratch_bytes` gets the bytes of the buffers allocated inside it;
    when such loops also carry `mnv4.block_index` (mnv4-lower-to-linalg tags
    them), the module gets `mnv4.block_scratch_bytes`, an array indexed by
    block: the bytes of each block's tile buffers (each buffer once), -1 for
    a block without a tile loop.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "byte alignment of every buffer in the arena">
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def OutlineParallelLoops : Pass<"mnv4-outline-parallel-loops",
                                 "mlir::ModuleOp"> {
  let summary = "scf.forall tile loops -> calls of the runtime's thread pool";
  let description = [{
    After bufferization and arena planning. Every entry function gains a last
    argument, the caller's `mnv4_thread_pool *` (`!llvm.ptr`, NULL runs on
    the calling thread). Each outermost `scf.forall` (the tile loops of a
    kernel) becomes a private function `@<entry>_parallel_<k>(ctx, begin,
    end)` that runs iterations [begin, end) of the forall's iteration space
    linearized (the last dimension fastest; one dimension alone balances
    badly when it has few iterations), and the forall is replaced by a call of `mnv4_parallel_for(pool, fn, ctx, n)`.
    `ctx` is a stack array of 64-bit slots holding what the body uses from
    outside: the entry's memref arguments (as pointers) and scalars; constants,
    globals and views are recomputed inside. A forall whose body uses anything
    else, or allocates, stays on the calling thread as loops. Iterations write
    disjoint data, so results do not depend on the number of threads.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def CopiesToLinalg : Pass<"mnv4-copies-to-linalg", "mlir::ModuleOp"> {
  let summary = "memref.copy -> contiguous row memcpys or linalg.copy";
  let description = [{
    Bufferization copies padded inputs into strided subviews with
    `memref.copy`, which the LLVM lowering turns into a call to MLIR's
    `memrefCopy` runtime function unless both sides are contiguous. Such a
    copy becomes a loop nest over its contiguous rows (the trailing
    dimensions contiguous on both sides), each a memcpy; a copy without
    contiguous rows becomes `linalg.copy` (loops); a copy of a buffer onto
    itself is dropped. The object then needs nothing but libc.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def TileAndVectorize : Pass<"mnv4-tile-and-vectorize", "mlir::ModuleOp"> {
  let summary = "register-tile every kernel and turn it into vector code";
  let description = [{
    On linalg-on-tensors IR from mnv4-lower-to-linalg, each kernel (by its
    `mnv4.kernel` tag) is tiled to a register tile and vectorized, as the
    schedules of ../shared/docs/cpu-codegen-notes.md do:

    * `pointwise` (packed 1x1 matmul): tiles of `pw-rows` pixels x one
      output panel, with its bias init and following activation fused into
      the tile, and a K loop of step 1 whose accumulator stays in registers.
    * `depthwise` and `conv`: tiles of one output row x `dw-pixels` pixels x
      `dw-channels` channels, bias and activation fused, the kernel-height
      loop of step 1 so the convolution decomposes to a 1-D one.
    * every other kernel: the innermost parallel dimension in vectors of at
      most `vector-width` floats, other dimensions one at a time.

    Tile sizes that do not divide a dimension are reduced to the largest
    size (a power of two, or the row count of the table) that does, so no
    tile is partial. The tiles come from the target table (lib/targets).
  }];
  let options = [
    Option<"pwRows", "pw-rows", "int64_t", /*default=*/"7",
           "pixels per 1x1 register tile">,
    Option<"dwPixels", "dw-pixels", "int64_t", /*default=*/"7",
           "output pixels per depthwise/conv register tile">,
    Option<"dwChannels", "dw-channels", "int64_t", /*default=*/"32",
           "channels per depthwise/conv register tile">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "floats per vector for the other kernels">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def MapKernelsToGPU : Pass<"mnv4-map-kernels-to-gpu", "mlir::ModuleOp"> {
  let summary = "every kernel of the bufferized entry point -> one gpu.launch";
  let description = [{
    After bufferization and arena planning (the Vulkan target): each
    `memref.copy` becomes a `linalg.copy`, each linalg op becomes loops
    (`scf.parallel` over its parallel dimensions, `scf.for` over its
    reductions), and each top-level loop nest becomes one `gpu.launch`: one
    invocation per point of the parallel iteration space, linearized over
    workgroups of `workgroup-size` invocations (a 2-D grid when the points
    need more than 65535 workgroups), a bounds check for the last workgroup,
    the reductions sequential in each invocation (a kernel listing a
    reduction before a parallel dimension is reordered first). With
    `fuse-elementwise`, consecutive nests over the same iteration space that
    share buffers only point-to-point (bias init -> convolution ->
    activation) become one launch whose invocation runs them in order. The
    launch keeps the kernel's location and its `mnv4.kernel` tag (joined by
    '+' when fused). What stays on the host is only buffer bookkeeping
    (views, subviews, reshapes, globals, constants); anything else is an
    error naming the op.
  }];
  let options = [
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"64",
           "invocations per workgroup">,
    Option<"fuseElementwise", "fuse-elementwise", "bool", /*default=*/"true",
           "fuse point-to-point chained kernels into one launch">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::affine::AffineDialect"];
}

def FuseBlocksInWorkgroup
    : Pass<"mnv4-fuse-blocks-in-workgroup", "mlir::ModuleOp"> {
  let summary = "an inverted bottleneck's expand -> depthwise -> project "
                "chain -> one gpu.launch with its expanded tile in workgroup "
                "memory";
  let description = [{
    After bufferization, before arena planning (the Vulkan target). A chain
    of one block (one location) that writes an expanded buffer E (bias,
    1x1 conv, optional activation), optionally pads it into P (zero fill +
    copy) and filters P into D (bias, depthwise conv, optional activation),
    projects E or D into Y (bias, 1x1 conv) and optionally scales and adds
    to Y (`scale`, `add`: the epilogue), where E, P and D are allocations,
    becomes one `gpu.launch`: a workgroup per output tile (8x8, 4x4, 2x2 or
    1x1 pixels, or 64 down to 1 pixels without a depthwise conv), the
    expanded channels in slices (the largest divisor of the channel count
    whose window, filtered tile and the tile's projection accumulator fit
    `shared-memory-bytes` of workgroup memory), the largest tile whose
    estimated loop iterations per invocation stay within
    `max-loop-iterations` (0: no bound). Per slice, the workgroup's
    `workgroup-size` invocations expand the window into workgroup memory
    (zero outside the image), barrier, filter it into workgroup memory,
    barrier, and add the slice's share of the projection to the accumulator
    (the bias in the first slice); without a depthwise conv a barrier ends
    the slice instead. After the last slice each invocation stores its
    output elements and runs the epilogue on them. Every element is
    computed by the chain's own linalg ops, evaluated point by point. An
    epilogue op writing a buffer the launch reads stays apart; a chain with
    no tile that fits stays as it is; `shared-memory-bytes=0` fuses
    nothing. The launch carries the block's location; its first barrier is
    tagged `expand+depthwise+project` or `expand+project` (`mnv4.kernel`).
  }];
  let options = [
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"64",
           "invocations per workgroup">,
    Option<"sharedMemoryBytes", "shared-memory-bytes", "int64_t",
           /*default=*/"16384",
           "workgroup memory a launch may use (Vulkan guarantees 16384)">,
    Option<"maxLoopIterations", "max-loop-iterations", "int64_t",
           /*default=*/"0",
           "loop iterations one invocation may run in a fused launch, "
           "estimated (0: no bound; lavapipe stops loops after 65535)">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::spirv::SPIRVDialect"];
}

def RegisterAccumulators : Pass<"mnv4-register-accumulators"> {
  let summary = "a reduction's output element in a register, not in memory";
  let description = [{
    In every `scf.for` (innermost first) whose body loads and stores one
    element at loop-invariant indices (`acc = load out[i]`, `store acc + x,
    out[i]`) and touches that buffer nowhere else: the element is loaded
    once before the loop, carried as an iter_arg and stored once after it.
    Run on the GPU kernels (a shader compiler cannot prove that no other
    binding aliases the element); with f16 buffers it keeps the accumulation
    in f32.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def F16Storage : Pass<"mnv4-gpu-f16-storage", "mlir::ModuleOp"> {
  let summary = "f16 buffers, f32 arithmetic (the Vulkan target's --vulkan-fp16)";
  let description = [{
    Before `gpu-kernel-outlining`: every view of the arena and every f32
    constant global (given an f16 twin, rounded to nearest even) becomes
    f16, and so does every view of them; in the kernels each load from an
    f16 buffer is extended to f32 and each store truncated to f16. The
    entry's input and outputs stay f32. Run after
    `mnv4-register-accumulators`, so that reductions accumulate in f32. Any
    other op on an f16 buffer is an error naming it.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def SpirvEntryABI : Pass<"mnv4-spirv-entry-abi", "mlir::ModuleOp"> {
  let summary = "the SPIR-V target environment and each kernel's entry ABI";
  let description = [{
    After `gpu-kernel-outlining`: sets `spirv.target_env` on the module
    (SPIR-V 1.3, the Shader capability, storage buffers: what Vulkan 1.1
    guarantees) and `spirv.entry_point_abi` on every `gpu.func` kernel, its
    workgroup size the kernel's `known_block_size`, so that
    `convert-gpu-to-spirv` can lower it. A kernel without a known block size
    is an error. With `f16-storage`, also the Float16 and
    StorageBuffer16BitAccess capabilities (SPV_KHR_16bit_storage).
  }];
  let options = [
    Option<"f16Storage", "f16-storage", "bool", /*default=*/"false",
           "the kernels load and store f16 buffers">
  ];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect",
                           "::mlir::gpu::GPUDialect"];
}

def ApproximateErf : Pass<"mnv4-approximate-erf"> {
  let summary = "math.erf -> upstream's rational polynomial in arith/math.fma";
  let description = [{
    The exact GELU's erf in vector arithmetic: upstream's polynomial
    approximation (`populatePolynomialApproximateErfPattern`; absolute error
    at most 3.4e-7 in f32, measured over [0, 6]). On the CPU targets it
    replaces one scalar libm `erff` call per element; GLSL.std.450, which
    convert-math-to-spirv targets, has no erf at all.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def HighMultiplyToInstruction : Pass<"mnv4-high-multiply-to-instruction"> {
  let summary = "vector SaturatingRoundingDoublingHighMul on i64 lanes -> "
                "the target's i32 instruction";
  let description = [{
    The integer lowering writes TFLite's SaturatingRoundingDoublingHighMul
    in its linalg bodies as i64 arithmetic (`FixedPoint::srdhm`:
    `trunci((extsi(a) * extsi(m) + nudge) / 2^31)`, the nudge 2^30 or
    1 - 2^30 by the product's sign); vectorized, that is arithmetic on i64
    lanes. On a target without i64 lanes (`instruction=hvx`: Hexagon HVX,
    whose `vector<N x i64>` code LLVM scalarizes) each such expression on a
    vector of any shape becomes the rounding doubling high multiply on 32
    i32 lanes, `vmpye(a, m.uh)` then `vmpyo(a, m.h):<<1:rnd:sat:shift`
    (docs/hexagon.md), row by row of an n-D vector, a row in 32-lane pieces
    (a shorter one padded), with the expression's own value where a = m = INT32_MIN
    (INT32_MIN; the instruction saturates), so every lane's result is the
    same. The operands are matched through `arith.extsi` from i32, constants
    that fit in i32, `vector.broadcast` and `vector.extract`.
    `instruction=none` leaves the IR alone.
  }];
  let options = [
    Option<"instruction", "instruction", "std::string", /*default=*/"\"none\"",
           "the target's high multiply: none or hvx">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // MNV4_PASSES_TD
