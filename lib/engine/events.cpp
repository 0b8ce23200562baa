// Engine event lists: registration under a lock, dispatch only when someone listens, and
// listener failures on the error path swallowed so the original error reaches the caller.
#include <retort/engine/events.hpp>

#include <mutex>

namespace retort {

void EngineEvents::on_before_execute(std::function<void(const ExecuteEvent&)> listener) {
    std::unique_lock lock(mutex_);
    before_.push_back(std::move(listener));
    active_.store(true, std::memory_order_release);
}

void EngineEvents::on_after_execute(std::function<void(const ExecuteEvent&)> listener) {
    std::unique_lock lock(mutex_);
    after_.push_back(std::move(listener));
    active_.store(true, std::memory_order_release);
}

void EngineEvents::on_handle_error(std::function<void(const ErrorEvent&)> listener) {
    std::unique_lock lock(mutex_);
    error_.push_back(std::move(listener));
    active_.store(true, std::memory_order_release);
}

void EngineEvents::before_execute(const ExecuteEvent& e) const {
    std::shared_lock lock(mutex_);
    for (const auto& l : before_) l(e);
}

void EngineEvents::after_execute(const ExecuteEvent& e) const {
    std::shared_lock lock(mutex_);
    for (const auto& l : after_) l(e);
}

void EngineEvents::handle_error(const ErrorEvent& e) const noexcept {
    std::shared_lock lock(mutex_);
    for (const auto& l : error_) {
        try {
            l(e);
        } catch (...) {
            // The database error is what the caller must see.
        }
    }
}

}  // namespace retort
