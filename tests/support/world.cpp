#include "support/world.hpp"

#include <cstdlib>
#include <iostream>

#include "catalogue/loader.hpp"
#include "rounds/loader.hpp"

namespace tidu::test {
namespace {

struct World {
  catalogue::Catalogue catalogue;
  rounds::RoundSet rounds;
};

const World& world() {
  static const World w = [] {
    World out;
    auto cat = catalogue::load_catalogue(std::string(TIDU_DEFAULT_DATA_DIR) + "/catalogue");
    if (!cat) {
      std::cerr << cat.error().message << '\n';
      std::abort();
    }
    out.catalogue = std::move(*cat);
    auto rs = rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, out.catalogue);
    if (!rs) {
      std::cerr << rs.error().message << '\n';
      std::abort();
    }
    out.rounds = std::move(*rs);
    return out;
  }();
  return w;
}

}  // namespace

const catalogue::Catalogue& catalogue() { return world().catalogue; }
const rounds::RoundSet& rounds() { return world().rounds; }

const rounds::Policy& policy(const std::string& round_id) {
  const auto& p = world().rounds.policies;
  auto it = p.find(round_id);
  if (it == p.end()) {
    std::cerr << "no round " << round_id << '\n';
    std::abort();
  }
  return it->second;
}

}  // namespace tidu::test
