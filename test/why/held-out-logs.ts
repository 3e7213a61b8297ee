/**
 * Held-out evaluation set for `why`: real-looking log lines written in each stack's own format (with the noise a
 * log adds), NOT the table's examples and not used to tune its patterns. Each names the signature a person would
 * want first; `also` lists other answers that are just as right (the same error seen through another layer).
 * Written once, before the first run; the first run's score is recorded in the test's comment.
 */
export interface HeldOut {
  stack: string;
  text: string;
  want: string;
  also?: string[];
}

export const HELD_OUT: HeldOut[] = [
  // Node
  { stack: 'node', want: 'node-cert-altname-invalid', text: `{"level":50,"time":1765016465123,"pid":7,"hostname":"orders-7d9","err":{"type":"Error","message":"Hostname/IP does not match certificate's altnames: IP: 10.96.4.2 is not in the cert's list: ","stack":"Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: IP: 10.96.4.2 is not in the cert's list: \\n    at Object.checkServerIdentity (node:tls:316:12)","code":"ERR_TLS_CERT_ALTNAME_INVALID"},"msg":"upstream call failed"}` },
  { stack: 'node', want: 'node-unable-to-verify-leaf-signature', text: `2026-12-06T09:12:44.120Z ERROR [payments] fetch failed: TypeError: fetch failed\n  [cause]: Error: unable to verify the first certificate\n      at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)\n      at TLSSocket.emit (node:events:519:28) {\n    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n  }` },
  { stack: 'node', want: 'node-self-signed-cert-in-chain', text: `npm ERR! code SELF_SIGNED_CERT_IN_CHAIN\nnpm ERR! errno SELF_SIGNED_CERT_IN_CHAIN\nnpm ERR! request to https://registry.internal/ failed, reason: self-signed certificate in certificate chain` },
  { stack: 'node', want: 'node-cert-has-expired', text: `[14:02:19] warn  tls: connection to billing:8443 failed (CERT_HAS_EXPIRED)` },
  { stack: 'node', want: 'node-alert-certificate-required', text: `Error: write EPROTO 80AC2E1F9A7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 116\n\n    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:94:16) {\n  errno: -71,\n  code: 'EPROTO',\n  syscall: 'write'\n}` , also: ['openssl-alert-certificate-required'] },
  { stack: 'node', want: 'node-depth-zero-self-signed-cert', text: `Error: self-signed certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'\n}` },
  { stack: 'node', want: 'node-socket-disconnected', text: `FetchError: request to https://ledger.svc:9443/v1/entries failed, reason: Client network socket disconnected before secure TLS connection was established` },
  { stack: 'node', want: 'node-key-values-mismatch', text: `node:internal/tls/secure-context:92\n      context.setKey(key, passphrase);\n              ^\n\nError: error:05800074:x509 certificate routines::key values mismatch\n    at node:internal/tls/secure-context:92:15 {\n  library: 'x509 certificate routines',\n  reason: 'key values mismatch',\n  code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'\n}` },
  { stack: 'node', want: 'node-invalid-purpose', text: `mtls: refused client 10.0.7.3 — authorizationError=INVALID_PURPOSE subject=CN=orders` },
  { stack: 'node', want: 'node-unable-to-get-issuer-cert-locally', text: `Error: unable to get local issuer certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'\n}` },
  // OpenSSL
  { stack: 'openssl', want: 'openssl-verify-cert-has-expired', text: `$ openssl s_client -connect api.shop:443 -servername api.shop\nCONNECTED(00000003)\ndepth=0 CN = api.shop\nverify error:num=10:certificate has expired\nnotAfter=Nov 30 12:00:00 2026 GMT\nverify return:1` },
  { stack: 'openssl', want: 'openssl-verify-unable-to-get-local-issuer', text: `depth=0 O = shop, CN = orders.shop.svc\nverify error:num=20:unable to get local issuer certificate\nverify return:1\ndepth=0 O = shop, CN = orders.shop.svc\nverify error:num=21:unable to verify the first certificate\nverify return:1`, also: ['openssl-verify-first-certificate'] },
  { stack: 'openssl', want: 'openssl-alert-unknown-ca', text: `2026/12/06 10:11:58 [info] 211#211: *93 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 10.0.3.4, server: 0.0.0.0:443` },
  { stack: 'openssl', want: 'openssl-client-certificate-verify-failed', text: `40F7A1E2C07F0000:error:0A000086:SSL routines:tls_process_client_certificate:certificate verify failed:ssl/statem/statem_srvr.c:3510:` },
  { stack: 'openssl', want: 'openssl-unexpected-eof', text: `Verify return code: 0 (ok)\n---\n40A7E3C4B97F0000:error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:ssl/record/rec_layer_s3.c:317:` },
  { stack: 'openssl', want: 'openssl-verify-invalid-purpose', text: `client.crt: CN = web-frontend\nerror 26 at 0 depth lookup: unsupported certificate purpose\nerror client.crt: verification failed` },
  { stack: 'openssl', want: 'openssl-peer-did-not-return-a-certificate', text: `2026/12/06 10:14:02 [info] 211#211: *97 SSL_do_handshake() failed (SSL: error:0A0000C7:SSL routines::peer did not return a certificate) while SSL handshaking, client: 10.0.3.9` },
  { stack: 'openssl', want: 'openssl-alert-certificate-unknown', text: `error:0A000416:SSL routines::sslv3 alert certificate unknown:../ssl/record/rec_layer_s3.c:1605:SSL alert number 46` },
  { stack: 'openssl', want: 'openssl-verify-name-mismatch', text: `Verify return code: 62 (hostname mismatch)` },
  // curl
  { stack: 'curl', want: 'curl-60-local-issuer', text: `+ curl -sS https://orders.shop.svc:8443/health\ncurl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it.` },
  { stack: 'curl', want: 'curl-52-empty-reply', text: `kubectl exec deploy/sleep -- curl -s https://httpbin:8443/get\ncurl: (52) Empty reply from server\ncommand terminated with exit code 52` },
  { stack: 'curl', want: 'curl-56-recv-error', text: `curl: (56) OpenSSL SSL_read: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0`, also: ['openssl-alert-unknown-ca'] },
  { stack: 'curl', want: 'curl-58-private-key', text: `curl: (58) unable to set private key file: '/etc/certs/tls.key' type PEM` },
  { stack: 'curl', want: 'curl-60-name-mismatch', text: `curl: (60) SSL: no alternative certificate subject name matches target host name '10.96.12.7'` },
  { stack: 'curl', want: 'curl-35-ssl-connect-error', text: `curl: (35) error:0A000410:SSL routines::sslv3 alert handshake failure`, also: ['openssl-alert-handshake-failure'] },
  { stack: 'curl', want: 'curl-35-ssl-error-syscall', text: `* TLSv1.2 (OUT), TLS handshake, Finished (20):\n* OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:8443\n* Closing connection 0\ncurl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:8443` },
  { stack: 'curl', want: 'curl-60-verification-failed-alert-45', text: `curl: (60) SSL certificate verification failed\nMore details here: https://curl.se/docs/sslcerts.html` },
  { stack: 'curl', want: 'curl-77-ca-file', text: `curl: (77) error setting certificate verify locations:  CAfile: /etc/ssl/mesh/ca.crt CApath: none` },
  // Go
  { stack: 'go', want: 'go-unknown-authority', text: `{"level":"error","ts":1765015201.01,"caller":"client/client.go:88","msg":"call failed","error":"Post \\"https://inventory:8443/reserve\\": tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of \\"crypto/rsa: verification error\\" while trying to verify candidate authority certificate \\"cluster.local\\")"}` },
  { stack: 'go', want: 'go-remote-bad-certificate', text: `I1206 10:20:01.441 1 server.go:3217] http: TLS handshake error from 10.244.1.17:48512: remote error: tls: bad certificate` },
  { stack: 'go', want: 'go-expired-or-not-yet-valid', text: `panic: Get "https://vault.internal:8200/v1/sys/health": x509: certificate has expired or is not yet valid: current time 2026-12-06T10:21:00Z is before 2026-12-07T00:00:00Z` },
  { stack: 'go', want: 'go-client-no-certificate', text: `2026/12/06 10:22:31 http: TLS handshake error from 10.0.0.14:60122: tls: client didn't provide a certificate` },
  { stack: 'go', want: 'go-hostname-no-ip-sans', text: `Get "https://10.96.0.1:443/api": tls: failed to verify certificate: x509: cannot validate certificate for 10.96.0.1 because it doesn't contain any IP SANs` },
  { stack: 'go', want: 'go-legacy-common-name', text: `level=error msg="webhook call failed" err="Post \\"https://admission.svc:443/validate\\": x509: certificate relies on legacy Common Name field, use SANs instead"` },
  { stack: 'go', want: 'go-remote-certificate-required', text: `time="2026-12-06T10:23:00Z" level=warning msg="stream closed" error="read tcp 10.1.2.3:51234->10.1.2.9:9443: remote error: tls: certificate required"` },
  { stack: 'go', want: 'go-not-a-tls-handshake', text: `2026/12/06 10:24:05 http: TLS handshake error from 10.0.9.1:35500: tls: first record does not look like a TLS handshake` },
  { stack: 'go', want: 'go-private-key-mismatch', text: `F1206 10:25:00.000000       1 main.go:51] unable to load serving certificate: tls: private key does not match public key` },
  { stack: 'go', want: 'go-incompatible-key-usage', text: `http: TLS handshake error from 127.0.0.1:50444: tls: failed to verify client's certificate: x509: certificate specifies an incompatible key usage` },
  // Java
  { stack: 'java', want: 'java-pkix-path-building-failed', text: `2026-12-06 10:30:12.345 ERROR 1 --- [nio-8080-exec-3] o.s.web.client.RestTemplate : I/O error on GET request for "https://orders:8443/api": PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target; nested exception is javax.net.ssl.SSLHandshakeException` },
  { stack: 'java', want: 'java-alert-certificate-required', text: `Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_required\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:117)` },
  { stack: 'java', want: 'java-alert-bad-certificate', text: `WARN  [kafka-producer-network-thread] Connection to node 1 (kafka-1/10.0.4.2:9093) failed authentication due to: SSL handshake failed\nCaused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate` },
  { stack: 'java', want: 'java-empty-client-certificate-chain', text: `2026-12-06 10:31:40,112 ERROR [https-jsse-nio-8443-exec-1] o.a.t.u.n.NioEndpoint : Handshake failed: javax.net.ssl.SSLHandshakeException: Empty client certificate chain` },
  { stack: 'java', want: 'java-no-subject-alternative-name', text: `javax.net.ssl.SSLHandshakeException: (certificate_unknown) No subject alternative names matching IP address 10.0.2.15 found`, also: ['java-alert-certificate-unknown'] },
  { stack: 'java', want: 'java-alert-certificate-unknown', text: `org.apache.kafka.common.errors.SslAuthenticationException: SSL handshake failed\nCaused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown` },
  { stack: 'java', want: 'java-pkix-validity-check-failed', text: `Caused by: java.security.cert.CertPathValidatorException: validity check failed\n\tat java.base/sun.security.provider.certpath.PKIXMasterCertPathValidator.validate(PKIXMasterCertPathValidator.java:135)\nCaused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Dec 05 10:30:37 UTC 2026` },
  { stack: 'java', want: 'java-remote-host-terminated', text: `javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake\n\tat java.base/sun.security.ssl.SSLSocketImpl.handleEOF(SSLSocketImpl.java:1709)\nCaused by: java.io.EOFException: SSL peer shut down incorrectly` },
  // Python
  { stack: 'python', want: 'python-verify-failed-local-issuer', text: `urllib3.exceptions.MaxRetryError: HTTPSConnectionPool(host='api.internal', port=443): Max retries exceeded with url: /v2/items (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1007)')))` },
  { stack: 'python', want: 'python-alert-certificate-required', text: `Traceback (most recent call last):\n  File "/app/client.py", line 14, in <module>\n    s.recv(1024)\n  File "/usr/lib/python3.11/ssl.py", line 1296, in recv\nssl.SSLError: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)` },
  { stack: 'python', want: 'python-verify-failed-hostname', text: `ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '10.0.0.8'. (_ssl.c:1006)` },
  { stack: 'python', want: 'python-unexpected-eof', text: `httpx.ConnectError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)` },
  { stack: 'python', want: 'python-alert-unknown-ca', text: `aiohttp.client_exceptions.ClientOSError: [Errno 1] [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:2580)` },
  { stack: 'python', want: 'python-key-values-mismatch', text: `  File "/app/main.py", line 9, in <module>\n    ctx.load_cert_chain("tls.crt", "tls.key")\nssl.SSLError: [X509: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3921)` },
  { stack: 'python', want: 'python-verify-failed-expired', text: `requests.exceptions.SSLError: HTTPSConnectionPool(host='metrics.local', port=9443): Max retries exceeded with url: / (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))` },
  // gRPC
  { stack: 'grpc', want: 'grpc-closed-before-server-preface', text: `Error: rpc error: code = Unavailable desc = connection closed before server preface received\nUsage:\n  app call [flags]`, also: ['grpc-unavailable'] },
  { stack: 'grpc', want: 'grpc-core-handshake-failed', text: `E1206 10:40:12.004512345   23 ssl_transport_security.cc:1519] Handshake failed with fatal error SSL_ERROR_SSL: error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED.`, also: ['grpc-core-certificate-verify-failed'] },
  { stack: 'grpc', want: 'grpc-permission-denied-rbac', text: `ERROR: 7 PERMISSION_DENIED: RBAC: access denied`, also: ['envoy-rbac-access-denied'] },
  { stack: 'grpc', want: 'grpc-unavailable', text: `io.grpc.StatusRuntimeException: UNAVAILABLE: io exception\n\tat io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)` },
  { stack: 'grpc', want: 'grpc-authentication-handshake-failed', text: `W1206 10:41:00.123456 1 logging.go:59] [core] grpc: addrConn.createTransport failed to connect to {Addr: "10.0.1.5:9090"}. Err: connection error: desc = "transport: authentication handshake failed: read tcp 10.0.1.4:50110->10.0.1.5:9090: read: connection reset by peer"` },
  // Envoy / Istio
  { stack: 'envoy', want: 'envoy-upstream-connection-termination', text: `$ kubectl exec sleep-5f4-x -- curl -s http://httpbin.foo:8000/ip\nupstream connect error or disconnect/reset before headers. reset reason: connection termination` },
  { stack: 'envoy', want: 'envoy-upstream-tls-verify-failed', text: `HTTP/1.1 503 Service Unavailable\nserver: envoy\n\nupstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end:TLS_error_end` },
  { stack: 'envoy', want: 'envoy-flag-uf', text: `[2026-12-06T10:45:33.512Z] "POST /checkout HTTP/2" 503 UF upstream_reset_before_response_started{remote_connection_failure|TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED} - "-" 412 159 11 - "-" "okhttp/4.12" "c3d..." "payments:8080" "10.244.2.31:8080" outbound|8080||payments.shop.svc.cluster.local - 10.96.8.1:8080 10.244.1.4:38210 - default`, also: ['grpc-core-certificate-verify-failed'] },
  { stack: 'envoy', want: 'envoy-rbac-access-denied', text: `$ curl -s http://productpage:9080/productpage\nRBAC: access denied` },
  { stack: 'envoy', want: 'envoy-flag-nr-filter-chain', text: `{"authority":null,"bytes_received":0,"downstream_remote_address":"10.244.3.7:51770","method":null,"response_code":0,"response_code_details":"filter_chain_not_found","response_flags":"NR","upstream_cluster":null}` },
  { stack: 'envoy', want: 'envoy-flag-uc', text: `[2026-12-06T10:47:02.100Z] "GET /status/200 HTTP/1.1" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 3 - "-" "curl/8.5.0" "9e1..." "httpbin.foo:8000" "10.244.1.9:80" outbound|8000||httpbin.foo.svc.cluster.local - 10.96.44.2:8000 10.244.2.4:46522 - default` },
  { stack: 'envoy', want: 'envoy-flag-urx', text: `[2026-12-06T10:48:10.004Z] "GET /api HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{connection_failure} - "-" 0 91 30 - "-" "curl/8.5.0" "..." "api:80" "10.244.1.2:80" outbound|80||api.default.svc.cluster.local - 10.96.2.2:80 10.244.2.4:40404 - default`, also: ['envoy-flag-uf'] },
  { stack: 'envoy', want: 'envoy-upstream-wrong-version-number', text: `upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER` },
];
