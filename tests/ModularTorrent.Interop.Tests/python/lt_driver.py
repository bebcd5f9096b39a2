#!/usr/bin/python3
"""libtorrent driver for the interop tests.

Run with Debian's /usr/bin/python3 (python3-libtorrent). Everything stays on 127.0.0.1:
DHT, LSD, UPnP, NAT-PMP and uTP are off. Status is printed as one JSON object per line on
stdout, so the C# test can follow progress. Every mode ends by itself within --timeout.

  create   --path DIR|FILE --out X.torrent [--piece-size N] [--tracker URL]... [--private]
  seed     --torrent X --save DIR --port P [--upload-limit BPS] [--timeout S]
  download --torrent X|--magnet URI --save DIR --port P [--peer HOST:PORT]... [--timeout S]
Options of seed and download (all off by default):
  --encryption forced      MSE/PE only, RC4 only (in/out pe_forced, allowed_enc_level rc4)
  --encryption plain       MSE/PE off (in/out pe_disabled)
  --dht-bootstrap H:P      DHT on, on loopback, bootstrapping from H:P only (the one exception to "DHT off");
                           the torrent is found and announced through the DHT, peers are reported in 'peer_ports'

Also a module: the BitTorrent tests' lt_mse.py and lt_dht.py import loopback_settings, loopback_dht_settings,
parse_peer and emit from here (their project copies this file beside them), so every libtorrent the tests
start is confined to 127.0.0.1 the same way.
"""
import argparse
import json
import os
import resource
import sys
import time

import libtorrent as lt


def loopback_settings(port):
    """Session settings for a libtorrent on 127.0.0.1:port with DHT, LSD, UPnP, NAT-PMP and uTP off."""
    return {
        'listen_interfaces': '127.0.0.1:%d' % port,
        'enable_dht': False,
        'enable_lsd': False,
        'enable_upnp': False,
        'enable_natpmp': False,
        'enable_incoming_utp': False,
        'enable_outgoing_utp': False,
        'allow_multiple_connections_per_ip': True,
    }


def loopback_dht_settings(bootstrap):
    """DHT on, bootstrapping from bootstrap (HOST:PORT) only.

    libtorrent's DHT refuses loopback nodes and ids by default; lift that for a DHT that lives on 127.0.0.1.
    """
    return {
        'enable_dht': True,
        'dht_bootstrap_nodes': bootstrap,
        'dht_restrict_routing_ips': False,
        'dht_restrict_search_ips': False,
        'dht_prefer_verified_node_ids': False,
        'dht_enforce_node_id': False,
        'dht_ignore_dark_internet': False,
        'dht_aggressive_lookups': True,
    }


def make_session(port, upload_limit, encryption=None, dht_bootstrap=None, lsd=False):
    settings = loopback_settings(port)
    settings.update({
        'announce_to_all_trackers': True,
        'announce_to_all_tiers': True,
        'user_agent': 'libtorrent-interop/' + lt.__version__,
        'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.peer_notification,
    })
    if upload_limit > 0:
        settings['upload_rate_limit'] = upload_limit
    if encryption == 'plain':
        settings['in_enc_policy'] = int(lt.enc_policy.disabled)
        settings['out_enc_policy'] = int(lt.enc_policy.disabled)
    if encryption == 'forced':
        settings['in_enc_policy'] = int(lt.enc_policy.forced)
        settings['out_enc_policy'] = int(lt.enc_policy.forced)
        settings['allowed_enc_level'] = int(lt.enc_level.rc4)
        settings['prefer_rc4'] = True
    if dht_bootstrap:
        settings.update(loopback_dht_settings(dht_bootstrap))
        # Re-announce every few seconds: the first announce may run before the DHT has any node.
        settings['dht_announce_interval'] = 3
    if lsd:
        # BEP 14 on the listen interface only (127.0.0.1 here): the multicast announces never leave this host.
        settings['enable_lsd'] = True
    session = lt.session(settings)
    if dht_bootstrap:
        host, dport = parse_peer(dht_bootstrap)
        session.add_dht_node((host, dport))
    # Loopback peers are in libtorrent's local peer class, which ignores rate limits by default;
    # put every address in the global class so the limit applies on 127.0.0.1 too.
    ip_filter = lt.ip_filter()
    ip_filter.add_rule('0.0.0.0', '255.255.255.255', 1 << lt.session.global_peer_class_id)
    session.set_peer_class_filter(ip_filter)
    return session


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def drain_alerts(session):
    for alert in session.pop_alerts():
        if alert.category() & lt.alert.category_t.error_notification:
            emit({'alert': alert.message()})


def status_of(handle):
    s = handle.status()
    return {
        'state': str(s.state),
        'progress': s.progress,
        'pieces': s.num_pieces,
        'peers': s.num_peers,
        'seeding': s.is_seeding,
        'finished': s.is_finished,
        'uploaded': s.total_payload_upload,
        'downloaded': s.total_payload_download,
        'error': str(s.errc.message()) if s.errc.value() != 0 else None,
        'metadata': s.has_metadata,
    }


def parse_peer(text):
    host, port = text.rsplit(':', 1)
    return host, int(port)


def add(session, torrent, save, magnet=None):
    if magnet:
        # Only the info-hash is known: the metadata comes from peers (BEP 9).
        params = lt.parse_magnet_uri(magnet)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent)
    params.save_path = save
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    return session.add_torrent(params)


def cmd_create(args):
    fs = lt.file_storage()
    lt.add_files(fs, os.path.abspath(args.path))
    t = lt.create_torrent(fs, args.piece_size)
    for tier, url in enumerate(args.tracker or []):
        t.add_tracker(url, tier)
    t.set_creator('libtorrent ' + lt.__version__)
    if args.private:
        t.set_priv(True)
    lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(args.path)))
    with open(args.out, 'wb') as f:
        f.write(lt.bencode(t.generate()))
    info = lt.torrent_info(args.out)
    emit({'created': args.out, 'infohash': str(info.info_hash()), 'pieces': info.num_pieces(), 'piece_length': info.piece_length()})
    return 0


def run(args, want_finish):
    session = make_session(args.port, getattr(args, 'upload_limit', 0) or 0, args.encryption, args.dht_bootstrap, args.lsd)
    handle = add(session, args.torrent, args.save, getattr(args, 'magnet', None))
    peers = [parse_peer(p) for p in (args.peer or [])]
    started = time.time()
    deadline = started + args.timeout
    last_connect = 0.0
    emit({'listening': session.listen_port()})
    while time.time() < deadline:
        drain_alerts(session)
        status = status_of(handle)
        if peers and status['peers'] == 0 and time.time() - last_connect > 1.0:
            for host, port in peers:
                handle.connect_peer((host, port), 0)
            last_connect = time.time()
        if args.dht_bootstrap or args.encryption or args.lsd:
            infos = handle.get_peer_info()
            status['peer_ports'] = [p.ip[1] for p in infos]
            # Where libtorrent learnt of each peer (source bits: 1 tracker, 2 DHT, 4 PEX, 8 LSD) and who dialed.
            status['connections'] = [
                {'port': p.ip[1], 'source': int(p.source), 'outgoing': bool(int(p.flags) & int(lt.peer_info.outgoing_connection))}
                for p in infos]
            status['dht_nodes'] = session.status().dht_nodes
        emit(status)
        if want_finish and status['seeding']:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            emit({'done': True, 'elapsed': time.time() - started, 'cpu': usage.ru_utime + usage.ru_stime, 'maxrss_kb': usage.ru_maxrss})
            return 0
        time.sleep(args.poll)
    emit({'timeout': True})
    return 0 if not want_finish else 2


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='mode', required=True)
    c = sub.add_parser('create')
    c.add_argument('--path', required=True)
    c.add_argument('--out', required=True)
    c.add_argument('--piece-size', type=int, default=0)
    c.add_argument('--tracker', action='append')
    c.add_argument('--private', action='store_true')
    for name in ('seed', 'download'):
        p = sub.add_parser(name)
        p.add_argument('--torrent')
        p.add_argument('--magnet')
        p.add_argument('--save', required=True)
        p.add_argument('--port', type=int, required=True)
        p.add_argument('--peer', action='append')
        p.add_argument('--upload-limit', type=int, default=0)
        p.add_argument('--timeout', type=float, default=120)
        p.add_argument('--poll', type=float, default=0.2)
        p.add_argument('--encryption', choices=['forced', 'plain'])
        p.add_argument('--dht-bootstrap')
        p.add_argument('--lsd', action='store_true')
    args = parser.parse_args()
    if args.mode == 'create':
        return cmd_create(args)
    return run(args, want_finish=(args.mode == 'download'))


if __name__ == '__main__':
    sys.exit(main())
