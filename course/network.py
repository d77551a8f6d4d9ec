"""The addresses this computer can be reached at, for the operator starting a workshop on a laptop."""

from __future__ import annotations

import ipaddress

import ifaddr

ALL_INTERFACES = ("0.0.0.0", "::", "")  # noqa: S104 - recognised, not bound to


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback and link-local, as phones on its network see it."""
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                address = ipaddress.ip_address(ip.ip)
                if not (address.is_loopback or address.is_link_local):
                    found.append(str(address))
    return sorted(set(found))


def startup_lines(host: str, port: int, public_url: str) -> list[str]:
    """What `make run` tells the operator: where to open the course, and what phones can reach."""
    lines = [f"Open the course on this computer at http://127.0.0.1:{port}"]
    if host in ALL_INTERFACES:
        lan = [f"http://{address}:{port}" for address in lan_addresses()]
        if lan:
            lines.append("Phones on the same Wi-Fi can reach it at: " + ", ".join(lan))
        if not public_url and lan:
            lines.append(f"For a workshop, set PUBLIC_URL={lan[0]} so QR codes and printouts use that address.")
    elif not public_url:
        lines.append(
            f"Only this computer can open it. For a workshop: make run HOST=0.0.0.0 PUBLIC_URL=http://<address>:{port}"
        )
    if public_url:
        lines.append(f"QR codes and printouts use {public_url}")
    return lines
