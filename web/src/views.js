// The pieces of d3 the SPARQL editor's result views use (bar chart, timeline, graph), bundled into one file
// exposed as window.PlangraphViews. The views draw their SVG themselves; d3 gives scales, ticks and the layout.
export { scaleLinear, scaleTime, scaleUtc } from "d3-scale";
export { forceSimulation, forceLink, forceManyBody, forceCenter, forceCollide, forceX, forceY } from "d3-force";
