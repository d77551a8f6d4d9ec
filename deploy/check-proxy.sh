#!/usr/bin/env bash
# Start deploy/nginx-site.conf, as shipped, in front of `make run` on loopback, and check what an IT
# department would: HTTPS answers, plain HTTP redirects, the app sees HTTPS through the proxy (HSTS,
# Secure cookies, PUBLIC_URL), HTTP/2, oversized bodies stopped at the proxy, unknown host names refused.
# Needs nginx, openssl and curl. Usage: deploy/check-proxy.sh   (exit 0 when every check passes)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers (nobody, when started as root) read and write here
app_port=${APP_PORT:-55080}
https_port=${HTTPS_PORT:-55443}
http_port=${HTTP_PORT:-55081}
site="https://localhost:$https_port"
app_pid=""

cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "$app_pid" ] && kill -- "-$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; [ -f "$work/app.log" ] && tail -20 "$work/app.log" >&2; exit 1; }
pass() { echo "ok: $*"; }

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost" -keyout "$work/site.key" -out "$work/site.pem" 2>/dev/null

# The shipped site file with only its addresses and certificate paths changed, inside a minimal nginx.conf.
sed -e "s|server 127.0.0.1:5000;|server 127.0.0.1:$app_port;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|; s|listen \[::\]:80;||" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|; s|listen \[::\]:443 ssl http2;||" \
    -e "s|server_name course.school.example;|server_name localhost;|" \
    -e "s|/etc/ssl/certs/course.school.example.pem|$work/site.pem|; s|/etc/ssl/private/course.school.example.key|$work/site.key|" \
    deploy/nginx-site.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
    client_body_temp_path $work/body; proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/site.conf;
}
CONF
nginx -t -q -p "$work" -c "$work/nginx.conf" || fail "nginx refuses the site file"
pass "nginx accepts deploy/nginx-site.conf"

# The course as an operator would start it behind the proxy.
setsid env DATABASE_URL="sqlite:///$work/course.sqlite3" SECRET_KEY="$(openssl rand -hex 32)" SECURE_COOKIES=1 TRUSTED_PROXIES=1 \
  PUBLIC_URL="$site" TRUSTED_HOSTS=localhost \
  make run HOST=127.0.0.1 PORT="$app_port" WORKERS=1 >"$work/app.log" 2>&1 &
app_pid=$!
nginx -p "$work" -c "$work/nginx.conf"

for _ in $(seq 1 120); do
  curl -fsk "$site/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsk "$site/healthz" | grep -q '"ok"' || fail "/healthz through the proxy"
pass "HTTPS through nginx answers /healthz"

location=$(curl -s -o /dev/null -w '%{redirect_url}' "http://localhost:$http_port/lessons/")
[ "$location" = "https://localhost/lessons/" ] || fail "plain HTTP should redirect to HTTPS, got '$location'"
pass "plain HTTP redirects to HTTPS"

headers=$(curl -sk -D - -o /dev/null "$site/login")
grep -qi '^strict-transport-security: max-age=' <<<"$headers" || fail "no HSTS: X-Forwarded-Proto not trusted?"
pass "HSTS sent (the app sees HTTPS through X-Forwarded-Proto)"
grep -i '^set-cookie:' <<<"$headers" | grep -qi 'secure' || fail "cookies lack Secure"
grep -i '^set-cookie:' <<<"$headers" | grep -vqi 'secure' && fail "a cookie without Secure"
pass "every cookie is Secure"

links=$(curl -sk "$site/handout")
grep -q "https://localhost:$https_port/" <<<"$links" || fail "the handout's QR should use PUBLIC_URL"
pass "printed addresses use PUBLIC_URL"

status=$(curl -sk -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$site/")
[ "$status" = "400" ] || fail "a foreign Host should get 400, got $status"
pass "a foreign Host name is refused"

status=$(head -c 400000 /dev/zero | curl -sk -o /dev/null -w '%{http_code}' --data-binary @- "$site/join")
[ "$status" = "413" ] || fail "a 400 KB body should be stopped with 413, got $status"
pass "oversized bodies stop at the proxy"

h2=$(curl -sk -o /dev/null -w '%{http_version}' --http2 "$site/healthz")
[ "$h2" = "2" ] || fail "HTTP/2 expected, got $h2"
pass "HTTP/2 over TLS"

echo "every proxy check passed"
