#include "query/web/app.hpp"
#include "query/web/assets.hpp"

namespace evidex::web {

void add_asset_routes(App& app) {
  app.http.Get(R"(/assets/([A-Za-z0-9_.-]+))", [](const httplib::Request& req, httplib::Response& res) {
    const auto& assets = embedded_assets();
    auto it = assets.find(req.matches[1]);
    if (it == assets.end()) {
      res.status = 404;
      return;
    }
    res.set_content(std::string(it->second), std::string(asset_content_type(it->first)));
    res.set_header("Cache-Control", "public, max-age=3600");
  });
  // Browsers ask for it whatever the page says.
  app.http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(embedded_assets().at("icon.svg")), "image/svg+xml");
    res.set_header("Cache-Control", "public, max-age=3600");
  });
}

}  // namespace evidex::web
