#pragma once
// A minimal blocking HTTP/1.1 client over POSIX sockets for tests: real TCP, no Beast.
#include <string>
#include <vector>

namespace tidu::test {

struct HttpReply {
  int status = 0;
  std::string headers;  ///< raw header block
  std::string body;
};

/// Sends raw request bytes to 127.0.0.1:port and reads until the server closes.
HttpReply send_raw(unsigned short port, const std::string& request);

/// A request with "Connection: close".
HttpReply request(unsigned short port, const std::string& method, const std::string& path,
                  const std::string& body = "", const std::vector<std::string>& headers = {});

}  // namespace tidu::test
