# Kept for tools that still look for setup.py; pyproject.toml is the source of truth.
from setuptools import find_packages, setup

from vanhoa_congso import __version__ as version

setup(
	name="vanhoa_congso",
	version=version,
	description="Phong trào thi đua văn hóa công sở cho các cấp công đoàn (Frappe app)",
	author="vanhoa_congso developers",
	author_email="vanhoa.congso@example.org",
	packages=find_packages(),
	zip_safe=False,
	include_package_data=True,
	install_requires=["openpyxl~=3.1"],
)
