# Latency against MACs, mnv4 beside ONNX Runtime, at 1 and 2 threads: the
# plot of bench/compiled-vs-ort.py, run as
#   gnuplot -e "data='X.tsv'; out='Y.png'; plot_title='...'; family='zoo'; \
#     y_label='...'" latency-vs-macs.gp
# data columns: model family res macs threads mnv4_ms ort_ms max_rel_err;
# labels sit at the ORT 1-thread points; only the rows of `family` are drawn ('' draws all).
set terminal pngcairo size 1100,750 font "sans,10" noenhanced
set output out
set title plot_title
set datafile separator "\t"
set datafile missing "-"
set logscale xy
set xlabel "MMAC per inference (mnv4-compile --stats-json)"
set ylabel y_label
# Room for the labels right of the points.
set offsets graph 0.15, graph 0.15, 0, 0
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key top left box opaque
# Hybrid names go right of their points, conv names left, so that neighbours
# of similar cost stay readable.
hybrid(col) = strstrt(stringcolumn(col), "hybrid") == 1
at(t, col) = (column(5) == t && (family eq "" || strcol(2) eq family)) ? column(col) : 1/0
plot data using (column(4)/1e6):(at(1, 6)) with points pt 7 ps 1.4 lc rgb "#1f77b4" title "mnv4, 1 thread", \
     data using (column(4)/1e6):(at(1, 7)) with points pt 5 ps 1.2 lc rgb "#d62728" title "ONNX Runtime, 1 thread", \
     data using (column(4)/1e6):(at(2, 6)) with points pt 6 ps 1.4 lc rgb "#1f77b4" title "mnv4, 2 threads", \
     data using (column(4)/1e6):(at(2, 7)) with points pt 4 ps 1.2 lc rgb "#d62728" title "ONNX Runtime, 2 threads", \
     data using (column(4)/1e6):(hybrid(1) ? at(1, 7) : 1/0):(stringcolumn(1)) with labels left offset 1,0 font "sans,8" tc rgb "#555555" notitle, \
     data using (column(4)/1e6):(hybrid(1) ? 1/0 : at(1, 7)):(stringcolumn(1)) with labels right offset -1,0 font "sans,8" tc rgb "#555555" notitle
