#!/usr/bin/python3
"""libtorrent DHT node on 127.0.0.1 for the DHT interop tests.

Run with Debian's /usr/bin/python3 (python3-libtorrent). Only the DHT runs (no LSD, UPnP, NAT-PMP, uTP);
it bootstraps from --bootstrap (our node) and never from the public routers. libtorrent ignores loopback and
private nodes by default, so the restrictions that would drop 127.0.0.1 are turned off (lt_driver.py's
loopback settings; the build copies it beside this script).

  lt_dht.py --port P --bootstrap HOST:PORT [--timeout S] [--verbose]

stdin takes one JSON command per line:
  {"cmd": "add_torrent", "infohash": HEX, "save": DIR}  add a magnet-style torrent; libtorrent announces it to
                                                      the DHT with its listen port (the python binding of
                                                      dht_announce cannot build its flags argument)
  {"cmd": "get_peers", "infohash": HEX}             dht_get_peers
stdout prints one JSON object per line: {"ready": port}, {"dht_nodes": n}, {"get_peers_reply": HEX, "peers": [...]},
{"incoming_announce": HEX, "ip": ..., "port": ...}, and with --verbose the DHT packets.
"""
import argparse
import json
import select
import sys
import time

import warnings

import libtorrent as lt

from lt_driver import emit, loopback_dht_settings, loopback_settings, parse_peer

warnings.simplefilter('ignore', DeprecationWarning)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--timeout', type=float, default=60)
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args()

    mask = lt.alert.category_t.dht_notification | lt.alert.category_t.dht_operation_notification | lt.alert.category_t.error_notification
    if args.verbose:
        mask |= lt.alert.category_t.dht_log_notification
    settings = loopback_settings(args.port)
    settings.update(loopback_dht_settings(args.bootstrap))
    settings['alert_mask'] = mask
    session = lt.session(settings)
    deadline = time.time() + 20
    while session.listen_port() == 0 and time.time() < deadline:
        time.sleep(0.05)
    session.add_dht_node(parse_peer(args.bootstrap))
    emit({'ready': session.listen_port()})

    deadline = time.time() + args.timeout
    last_count = -1
    last_status = 0
    while time.time() < deadline:
        for alert in session.pop_alerts():
            if isinstance(alert, lt.dht_get_peers_reply_alert):
                emit({'get_peers_reply': str(alert.info_hash), 'peers': ['%s:%d' % p for p in alert.peers()]})
            elif isinstance(alert, lt.dht_announce_alert):
                emit({'incoming_announce': str(alert.info_hash), 'ip': str(alert.ip), 'port': alert.port})
            elif isinstance(alert, lt.dht_bootstrap_alert):
                emit({'bootstrapped': True})
            elif args.verbose:
                emit({'log': alert.message()})
        if time.time() - last_status > 0.5:
            last_status = time.time()
            count = session.status().dht_nodes  # deprecated but still the simplest count
            if count != last_count:
                last_count = count
                emit({'dht_nodes': count})
        ready, _, _ = select.select([sys.stdin], [], [], 0.1)
        if ready:
            line = sys.stdin.readline()
            if not line:
                break
            command = json.loads(line)
            target = lt.sha1_hash(bytes.fromhex(command['infohash']))
            if command['cmd'] == 'add_torrent':
                params = lt.add_torrent_params()
                params.info_hashes = lt.info_hash_t(target)
                params.save_path = command['save']
                session.add_torrent(params)
            elif command['cmd'] == 'get_peers':
                session.dht_get_peers(target)
    return 0


if __name__ == '__main__':
    sys.exit(main())
