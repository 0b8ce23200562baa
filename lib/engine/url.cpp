// URL parsing: scheme[+driver]://[user[:password]@]host[:port]/database[?key=value&...], with
// percent-decoding and error messages that quote the URL with its password masked.
#include <retort/engine/url.hpp>
#include <retort/errors.hpp>

#include <charconv>

namespace retort {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// The URL text with the password replaced, for error messages about a URL we failed to parse.
std::string mask(std::string_view text) {
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return std::string(text);
    auto rest_start = scheme_end + 3;
    auto at = text.find('@', rest_start);
    auto slash = text.find('/', rest_start);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return std::string(text);
    auto colon = text.find(':', rest_start);
    if (colon == std::string_view::npos || colon > at) return std::string(text);
    return std::string(text.substr(0, colon + 1)) + "***" + std::string(text.substr(at));
}

[[noreturn]] void malformed(std::string_view text, const std::string& problem) {
    throw ArgumentError("malformed database URL '" + mask(text) + "': " + problem);
}

std::string encode(std::string_view text, std::string_view keep) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '.' || c == '_' || c == '~' || keep.find(c) != std::string_view::npos;
        if (plain) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[static_cast<unsigned char>(c) >> 4]);
            out.push_back(hex[static_cast<unsigned char>(c) & 15]);
        }
    }
    return out;
}
}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            throw ArgumentError("malformed percent-escape '" + std::string(text.substr(i, 3)) + "'");
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

Url Url::parse(std::string_view text) {
    Url url;
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0)
        malformed(text, "expected scheme://... (for example sqlite:///app.db or postgresql://user@host/db)");
    std::string_view scheme = text.substr(0, scheme_end);
    for (char c : scheme)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-'))
            malformed(text, "the scheme '" + std::string(scheme) + "' has characters other than letters, digits, '+' and '-'");
    auto plus = scheme.find('+');
    url.backend_ = std::string(scheme.substr(0, plus));
    for (auto& c : url.backend_) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (plus != std::string_view::npos) url.driver_ = std::string(scheme.substr(plus + 1));

    std::string_view rest = text.substr(scheme_end + 3);
    // Query string.
    auto question = rest.find('?');
    std::string_view query = question == std::string_view::npos ? std::string_view{} : rest.substr(question + 1);
    rest = rest.substr(0, question);
    try {
        // Authority and path.
        auto slash = rest.find('/');
        std::string_view authority = rest.substr(0, slash);
        std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        auto at = authority.rfind('@');
        if (at != std::string_view::npos) {
            std::string_view userinfo = authority.substr(0, at);
            authority = authority.substr(at + 1);
            auto colon = userinfo.find(':');
            url.username_ = percent_decode(userinfo.substr(0, colon));
            if (colon != std::string_view::npos) {
                url.password_ = percent_decode(userinfo.substr(colon + 1));
                url.has_password_ = true;
            }
        }
        std::string_view host = authority;
        if (!host.empty() && host.front() == '[') {  // [IPv6]:port
            auto close = host.find(']');
            if (close == std::string_view::npos) malformed(text, "unterminated '[' in the host");
            url.host_ = std::string(host.substr(1, close - 1));
            host = host.substr(close + 1);
            if (!host.empty() && host.front() != ':') malformed(text, "unexpected text after the IPv6 host");
            if (!host.empty()) {
                std::string_view port = host.substr(1);
                int p = 0;
                auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
                if (ec != std::errc{} || end != port.data() + port.size() || p <= 0 || p > 65535)
                    malformed(text, "the port '" + std::string(port) + "' is not a number from 1 to 65535");
                url.port_ = p;
            }
        } else {
            auto colon = host.rfind(':');
            if (colon != std::string_view::npos) {
                std::string_view port = host.substr(colon + 1);
                int p = 0;
                auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
                if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || p <= 0 || p > 65535)
                    malformed(text, "the port '" + std::string(port) + "' is not a number from 1 to 65535");
                url.port_ = p;
                host = host.substr(0, colon);
            }
            url.host_ = percent_decode(host);
        }
        url.database_ = percent_decode(path);
        // Query pairs.
        while (!query.empty()) {
            auto amp = query.find('&');
            std::string_view pair = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
            if (pair.empty()) continue;
            auto eq = pair.find('=');
            if (eq == 0) malformed(text, "a query parameter has no name");
            std::string key = percent_decode(pair.substr(0, eq));
            std::string value = eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
            url.query_.emplace_back(std::move(key), std::move(value));
        }
    } catch (const ArgumentError& e) {
        std::string message = e.what();
        if (message.rfind("malformed database URL", 0) == 0) throw;
        malformed(text, message);
    }
    if (url.backend_ == "sqlite") {
        if (!url.host_.empty() || url.port_ || !url.username_.empty())
            malformed(text, "a SQLite URL names a file, not a server: use sqlite:///relative.db or "
                            "sqlite:////absolute/path.db");
    } else if (url.host_.empty() && url.query_value("host") == std::nullopt &&
               url.query_value("unix_socket") == std::nullopt) {
        malformed(text, "no host (expected " + url.backend_ + "://user:password@host:port/database)");
    }
    return url;
}

std::optional<std::string> Url::query_value(std::string_view key) const {
    for (const auto& [k, v] : query_)
        if (k == key) return v;
    return std::nullopt;
}

bool Url::is_memory() const noexcept {
    return backend_ == "sqlite" && (database_.empty() || database_ == ":memory:");
}

std::string Url::to_string(bool hide_password) const {
    std::string out = backend_;
    if (!driver_.empty()) out += "+" + driver_;
    out += "://";
    if (!username_.empty() || has_password_) {
        out += encode(username_, "");
        if (has_password_) out += ":" + (hide_password ? std::string("***") : encode(password_, ""));
        out += "@";
    }
    if (host_.find(':') != std::string::npos)
        out += "[" + host_ + "]";
    else
        out += encode(host_, "");
    if (port_) out += ":" + std::to_string(*port_);
    if (!database_.empty() || backend_ == "sqlite") out += "/" + encode(database_, "/:");
    for (std::size_t i = 0; i < query_.size(); ++i)
        out += (i ? "&" : "?") + encode(query_[i].first, "") + "=" + encode(query_[i].second, "");
    return out;
}

}  // namespace retort
