#!/usr/bin/python3
"""libtorrent peer with forced message stream encryption (RC4 only), for the MSE interop tests.

Run with Debian's /usr/bin/python3 (python3-libtorrent). Everything stays on 127.0.0.1; DHT, LSD,
UPnP, NAT-PMP and uTP are off (lt_driver.py's loopback settings; the build copies it beside this script).
Each mode writes a small file, makes a torrent of it with libtorrent's own creator, prints
{"infohash": HEX} on stdout, then runs until --timeout or until stdin closes.

  seed    --dir D --port P [--timeout S] [--plain]    seed it, accepting only encrypted peers (--plain: only plain ones)
  connect --dir D --port P --peer HOST:PORT [--timeout S]  download it and connect to HOST:PORT, encrypted only
  magnet  --dir D --port P --peer HOST:PORT [--timeout S]  add it by info-hash only (no metadata) and connect to
                                                           HOST:PORT, which must supply the metadata (BEP 9);
                                                           prints {"info": HEX} first and {"metadata": true} once received
"""
import argparse
import os
import select
import sys
import time

import libtorrent as lt

from lt_driver import emit, loopback_settings, parse_peer


def make_session(port, plain):
    settings = loopback_settings(port)
    settings.update({
        # pe_forced = 0, pe_rc4 = 2: refuse plaintext in both directions and select RC4 only.
        'out_enc_policy': 0,
        'in_enc_policy': 0,
        'allowed_enc_level': 2,
        'prefer_rc4': True,
        'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.peer_notification | lt.alert.category_t.connect_notification | lt.alert.category_t.status_notification,
    })
    if plain:
        # pe_disabled = 2, pe_plaintext = 1: a peer that knows nothing of MSE.
        settings.update({'out_enc_policy': 2, 'in_enc_policy': 2, 'allowed_enc_level': 1, 'prefer_rc4': False})
    return lt.session(settings)


def make_torrent(directory):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, 'mse-payload.bin')
    with open(path, 'wb') as f:
        f.write(bytes((i * 7 + 3) % 251 for i in range(100000)))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    # v1 only: for hybrid torrents libtorrent 2 uses the truncated v2 hash as the MSE SKEY.
    ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, directory)
    entry = ct.generate()
    return lt.torrent_info(lt.bencode(entry)), lt.bencode(entry[b'info'] if b'info' in entry else entry['info'])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['seed', 'connect', 'magnet'])
    parser.add_argument('--dir', required=True)
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--peer')
    parser.add_argument('--timeout', type=float, default=60)
    parser.add_argument('--plain', action='store_true', help='encryption disabled instead of forced')
    args = parser.parse_args()

    seed_dir = os.path.join(args.dir, 'seed')
    ti, info = make_torrent(seed_dir)
    session = make_session(args.port, args.plain)
    params = lt.add_torrent_params()
    if args.mode == 'magnet':
        emit({'info': info.hex()})
        params.info_hashes = lt.info_hash_t(ti.info_hash())
    else:
        params.ti = ti
    params.save_path = seed_dir if args.mode == 'seed' else os.path.join(args.dir, 'download')
    handle = session.add_torrent(params)
    deadline = time.time() + 20
    while session.listen_port() == 0 and time.time() < deadline:
        time.sleep(0.05)
    emit({'infohash': str(ti.info_hash()), 'listening': session.listen_port()})
    if args.mode in ('connect', 'magnet'):
        handle.connect_peer(parse_peer(args.peer))

    deadline = time.time() + args.timeout
    seeding = False
    while time.time() < deadline:
        if not seeding and args.mode != 'magnet' and handle.status().is_seeding:
            seeding = True
            emit({'seeding': True})
        for alert in session.pop_alerts():
            if isinstance(alert, lt.metadata_received_alert):
                emit({'metadata': True})
            emit({'alert': alert.what(), 'message': alert.message()})
        ready, _, _ = select.select([sys.stdin], [], [], 0.1)
        if ready and not sys.stdin.readline():
            break
    return 0


if __name__ == '__main__':
    sys.exit(main())
