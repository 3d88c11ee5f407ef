"""The README's demo command, run as a new user would: it sets up the site, serves the desk and lets a
demo user in. Runs on a scratch site of the test bench and a free port, and removes the site after."""

import os
import signal
import socket
import subprocess
import time

import pytest
import requests

from vanhoa_congso.testing import BENCH, drop_scratch_site

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = "vhcs-demo-check.localhost"


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


@pytest.mark.skipif(not os.environ.get("VHCS_SEEDS_DIR"), reason="the demo needs the seed documents")
def test_demo_command_serves_the_desk_and_lets_a_demo_user_in():
	port = free_port()
	env = {
		**os.environ,
		"FRAPPE_BENCH": BENCH,
		"VHCS_DEMO_SITE": SITE,
		"VHCS_DEMO_PORT": str(port),
		"VHCS_DEMO_SOCKETIO_PORT": str(free_port()),
	}
	log_path = os.path.join(BENCH, "logs", "vhcs-demo-check.log")
	with open(log_path, "w") as log:
		demo = subprocess.Popen(
			["bash", os.path.join(REPO, "scripts", "demo.sh")],
			env=env,
			stdout=log,
			stderr=subprocess.STDOUT,
			start_new_session=True,
		)
	base = f"http://127.0.0.1:{port}"
	try:
		deadline = time.time() + 900
		while time.time() < deadline:
			assert demo.poll() is None, open(log_path).read()[-3000:]
			try:
				if requests.get(f"{base}/api/method/ping", timeout=2).status_code == 200:
					break
			except requests.ConnectionError:
				time.sleep(2)
		else:
			pytest.fail("the demo did not answer within 15 minutes:\n" + open(log_path).read()[-3000:])
		printed = open(log_path).read()
		assert f"http://localhost:{port}" in printed
		assert "canbo.thcsdoanket@vanhoa.demo" in printed

		session = requests.Session()
		login = session.post(
			f"{base}/api/method/login",
			data={"usr": "canbo.thcsdoanket@vanhoa.demo", "pwd": "VanHoa@2026"},
			timeout=30,
		)
		assert login.status_code == 200, login.text[:300]
		desk = session.get(f"{base}/app/emulation-evaluation", timeout=60)
		assert desk.status_code == 200
		listed = session.get(f"{base}/api/resource/Emulation Evaluation", timeout=30).json()["data"]
		assert listed, "the demo officer should see the demo's evaluations of their union"
	finally:
		if demo.poll() is None:
			os.killpg(demo.pid, signal.SIGTERM)
			demo.wait(timeout=60)
		drop_scratch_site(SITE)
