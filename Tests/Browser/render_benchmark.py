#!/usr/bin/env python3
"""Measures the map's full redraw in headless Chromium against a running server (no assertions).

Reports the median of N full redraws (coastline layer copy + every object + track/footprint) and, as an
anchor measured in the same browser and run, the median time to JSON.parse the same /api/v1/positions
payload the page draws. Use a server over a full catalog (e.g. 26,140 objects of catalog-2023-10).

Usage: render_benchmark.py --base-url http://127.0.0.1:PORT [--at ISO] [--repeats 50]
"""
import argparse
import statistics
import urllib.parse

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--at", default="2023-10-10T00:00:00.000Z")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1100"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=args.chromedriver))
    try:
        base = args.base_url.rstrip("/")
        driver.get(f"{base}/?at={urllib.parse.quote(args.at)}#/")
        WebDriverWait(driver, 120).until(lambda d: int(d.find_element("id", "map").get_attribute("data-drawn-objects") or "0") > 0)
        result = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const repeats = arguments[0], at = arguments[1];
            (async () => {
              const map = window.perigeeDebug.map;
              const draws = [];
              for (let i = 0; i < repeats; i++) draws.push(map.render());
              const text = await (await fetch(`api/v1/positions?at=${encodeURIComponent(at)}`)).text();
              const parses = [];
              for (let i = 0; i < repeats; i++) { const t = performance.now(); JSON.parse(text); parses.push(performance.now() - t); }
              done({ draws, parses, objects: map.positions.count, bytes: text.length,
                     pixels: [map.canvas.width, map.canvas.height] });
            })();
        """, args.repeats, args.at)
        draw = statistics.median(result["draws"])
        parse = statistics.median(result["parses"])
        print(f"objects drawn: {result['objects']}, canvas {result['pixels'][0]}x{result['pixels'][1]} px, "
              f"payload {result['bytes'] / 1e6:.2f} MB")
        print(f"full redraw: median {draw:.2f} ms, max {max(result['draws']):.2f} ms over {args.repeats}")
        print(f"anchor, JSON.parse of the same positions payload: median {parse:.2f} ms")
        print(f"ratio redraw / parse: {draw / parse:.2f}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
