// Compile hooks: user code registers a renderer for a node kind, for every dialect or one,
// replacing or wrapping the built-in rendering (as SQLAlchemy's @compiles does).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <retort/sql/node.hpp>

namespace retort {

class Compiler;

/// A renderer for one node kind. It appends to the compiler's buffer and may call
/// `compiler.process_default(node)` to render the built-in form.
using CompileHook = std::function<void(const Node& node, Compiler& compiler)>;

/// Unregisters its hook when destroyed (keep it alive as long as the hook should apply).
class CompileHookRegistration {
  public:
    CompileHookRegistration() = default;
    explicit CompileHookRegistration(std::uint64_t id) : id_(id) {}
    CompileHookRegistration(CompileHookRegistration&& other) noexcept : id_(other.id_) {
        other.id_ = 0;
    }
    CompileHookRegistration& operator=(CompileHookRegistration&& other) noexcept;
    ~CompileHookRegistration();
    /// Keeps the hook for the rest of the program.
    void release() noexcept { id_ = 0; }

  private:
    std::uint64_t id_ = 0;
};

/// Registers `hook` for `kind` on the dialect named `dialect_name` ("sqlite", "postgresql",
/// "mysql"), or on every dialect when it is empty. A dialect-specific hook wins over a general
/// one; the latest registration wins among equals. Compiled caches notice the change.
///
///     auto hook = register_compile_hook(NodeKind::Insert, [](const Node& n, Compiler& c) {
///         c.process_default(n);
///         c.append(" -- audited");
///     }, "mysql");
[[nodiscard]] CompileHookRegistration register_compile_hook(NodeKind kind, CompileHook hook,
                                                            std::string dialect_name = {});

namespace detail {
/// Bumped on every registration change; part of every compiled-cache key.
std::uint64_t compile_hooks_generation() noexcept;
/// Whether any hook is registered (the fast path skips the lookup otherwise).
bool compile_hooks_active() noexcept;
/// The hook for (kind, dialect), or nullptr. The returned pointer stays valid until the
/// registration is removed.
std::shared_ptr<const CompileHook> find_compile_hook(NodeKind kind, std::string_view dialect);
}  // namespace detail

}  // namespace retort
