/* kg explorer — builds the vis-network view from the data kg.render embeds (meta, nodeData,
 * edgeData, own). Every string from the data reaches the page through textContent, text nodes,
 * vis-network's canvas or its text tooltips: never innerHTML. Only http(s) URLs become links. */
"use strict";
var nodes, edges, nodesView, edgesView, network;  // globals: the console and the tests use them
