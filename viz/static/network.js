/* Kith network drawing on vis-network: positions come from the server (laid out once),
   physics stays off; the legend filters by type; clicking a node asks `expand`. */
var KithNetwork = (function () {
  "use strict";

  function styled(n) {
    var out = Object.assign({}, n);
    out.color = {background: n.color, border: "#333333", highlight: {background: n.color, border: "#000000"}};
    if (n.kind === "more") { out.shapeProperties = {borderDashes: [4, 4]}; out.font = {color: "#333333"}; }
    return out;
  }

  function legend(el, data, nodes) {
    if (!el) { return; }
    el.innerHTML = "";
    var kinds = {};
    nodes.forEach(function (n) { kinds[n.kind] = true; });
    data.legend.forEach(function (item) {
      if (!kinds[item.type]) { return; }
      var label = document.createElement("label");
      label.className = "legend-item";
      var box = document.createElement("input");
      box.type = "checkbox"; box.checked = true; box.dataset.type = item.type;
      box.addEventListener("change", function () {
        var updates = nodes.get({filter: function (n) { return n.kind === item.type; }})
          .map(function (n) { return {id: n.id, hidden: !box.checked}; });
        nodes.update(updates);
      });
      var swatch = document.createElement("span");
      swatch.className = "swatch"; swatch.style.background = item.color;
      label.appendChild(box); label.appendChild(swatch);
      label.appendChild(document.createTextNode(" " + item.label + " (" + item.shape + ")"));
      el.appendChild(label);
    });
  }

  function merge(api, sub, around) {
    var anchor = api.network.getPositions([around])[around] || {x: 0, y: 0};
    var added = 0;
    sub.nodes.forEach(function (n) {
      if (api.nodes.get(n.id)) {
        if (n.kind === "more") { api.nodes.update({id: n.id, label: n.label, more: n.more}); }
        return;
      }
      var s = styled(n);
      s.x = anchor.x + n.x * 0.6; s.y = anchor.y + n.y * 0.6;
      api.nodes.add(s); added += 1;
    });
    sub.edges.forEach(function (e) { if (!api.edges.get(e.id)) { api.edges.add(e); } });
    var placeholder = "more:" + around;
    var still = sub.nodes.some(function (n) { return n.id === placeholder; });
    if (!still && api.nodes.get(placeholder)) {
      api.nodes.remove(placeholder); api.edges.remove("e-" + placeholder);
    }
    legend(api.legendEl, api.data, api.nodes);
    api.expanded[around] = true;
    return added;
  }

  function draw(container, legendEl, data, expand) {
    var nodes = new vis.DataSet(data.nodes.map(styled));
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
      physics: {enabled: false},
      layout: {improvedLayout: false},
      interaction: {hover: true, navigationButtons: false},
      edges: {font: {size: 10, align: "middle"}, smooth: false, color: {color: "#888888"}},
      nodes: {font: {size: 12}, size: 14}
    });
    var api = {network: network, nodes: nodes, edges: edges, data: data, legendEl: legendEl, expanded: {},
               busy: false};
    api.merge = function (sub, around) { return merge(api, sub, around); };
    legend(legendEl, data, nodes);
    network.on("click", function (params) {
      if (!params.nodes.length || !expand || api.busy) { return; }
      var node = nodes.get(params.nodes[0]);
      api.busy = true;
      Promise.resolve(expand(node, api)).finally(function () { api.busy = false; });
    });
    network.once("afterDrawing", function () { container.dataset.ready = "1"; });
    window.kithNetwork = api;
    return api;
  }

  return {draw: draw};
})();
