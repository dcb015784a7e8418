/* kg explorer — builds the vis-network view from the data kg.explorer.page embeds (meta, nodeData,
 * edgeData, own). The files of templates/js/ are concatenated in the order of their names: this prelude,
 * then the others inside one closure (function declarations are shared across them; top-level code runs in
 * file order). The pure parts (dating, family order, search matching, filters) come first. Every string from the data reaches the page through textContent, text nodes,
 * vis-network's canvas or its text tooltips: never innerHTML. Only http(s) URLs become links. */
"use strict";
var nodes, edges, nodesView, edgesView, network;  // globals: the console and the tests use them
