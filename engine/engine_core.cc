#include "engine/engine_core.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "engine/scripting/function_registry.h"
#include "engine/scripting/script_cache.h"
#include "keyspace/util/status_macros.h"
#include "lua_bindings/sandbox.h"

namespace luakv {

EngineCore::EngineCore(Options options)
    : options_(std::move(options)),
      clock_(options_.clock ? options_.clock
                            : std::make_shared<SystemClock>()),
      keyspace_(options_.databases, options_.random_seed),
      stats_(clock_->NowMicros()) {}

EngineCore::~EngineCore() {
  functions_.reset();
  scripts_.reset();  // releases its functions into the sandbox first
  sandbox_.reset();
}

void EngineCore::StartCommandClock() {
  now_us_ = clock_->NowMicros();
  keyspace_.set_now_ms(now_us_ / 1000);
}

lua::LuaSandbox& EngineCore::sandbox() {
  if (sandbox_ == nullptr) {
    lua::SandboxOptions sandbox_options;
    sandbox_options.instruction_budget = options_.script_instruction_budget;
    sandbox_options.memory_limit = options_.script_memory_limit_bytes;
    auto sandbox = lua::LuaSandbox::Create(sandbox_options);
    if (!sandbox.ok()) {
      // Only an exhausted allocator gets here.
      std::fprintf(stderr, "luakv: %s\n",
                   std::string(StatusMessage(sandbox.status())).c_str());
      std::abort();
    }
    sandbox_ = std::move(*sandbox);
  }
  return *sandbox_;
}

ScriptCache& EngineCore::scripts() {
  if (scripts_ == nullptr) {
    scripts_ = std::make_unique<ScriptCache>(
        sandbox(), options_.eval_script_cache_limit);
  }
  return *scripts_;
}

FunctionRegistry& EngineCore::functions() {
  if (functions_ == nullptr) {
    lua::SandboxOptions sandbox_options;
    sandbox_options.instruction_budget = options_.script_instruction_budget;
    sandbox_options.memory_limit = options_.script_memory_limit_bytes;
    functions_ = std::make_unique<FunctionRegistry>(sandbox_options);
  }
  return *functions_;
}

void EngineCore::ResetScripting() {
  if (sandbox_ == nullptr) return;
  const uint64_t random_state = sandbox_->random_state();
  scripts_.reset();
  sandbox_.reset();
  sandbox().set_random_state(random_state);
}

}  // namespace luakv
