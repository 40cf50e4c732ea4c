// Starts GraphiQL on Exportiva's playground page. Everything it loads comes from
// this server (see README.md in this folder); the tabs it opens with are in the
// page's "exportiva-playground" JSON element, written by the server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("exportiva-playground").textContent);
  var url = location.origin + config.endpoint;
  var subscriptionUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + config.endpoint;

  // GraphiQL keeps its tabs in localStorage; the prefix keeps them apart from
  // another GraphiQL served on the same host and port.
  function PrefixedStorage(prefix) {
    this.prefix = prefix;
  }
  PrefixedStorage.prototype.keys = function () {
    var out = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key !== null && key.indexOf(this.prefix) === 0) out.push(key.slice(this.prefix.length));
    }
    return out;
  };
  PrefixedStorage.prototype.getItem = function (key) { return localStorage.getItem(this.prefix + key); };
  PrefixedStorage.prototype.setItem = function (key, value) { localStorage.setItem(this.prefix + key, value); };
  PrefixedStorage.prototype.removeItem = function (key) { localStorage.removeItem(this.prefix + key); };
  PrefixedStorage.prototype.clear = function () {
    var self = this;
    this.keys().forEach(function (key) { localStorage.removeItem(self.prefix + key); });
  };
  PrefixedStorage.prototype.key = function (i) { var k = this.keys(); return i >= 0 && i < k.length ? k[i] : null; };
  Object.defineProperty(PrefixedStorage.prototype, "length", { get: function () { return this.keys().length; } });

  var props = {
    fetcher: GraphiQL.createFetcher({ url: url, subscriptionUrl: subscriptionUrl }),
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    // The tabs a first visit opens with; a returning visitor gets back the tabs
    // they left.
    defaultTabs: config.tabs,
    defaultQuery: config.newTab,
    defaultEditorToolsVisibility: config.tabs.length > 1 ? "headers" : false,
    isHeadersEditorEnabled: true,
    // A pasted token stays in the tab, not in localStorage.
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
    storage: new PrefixedStorage("exportiva:"),
  };
  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, props));
})();
