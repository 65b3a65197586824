#!/usr/bin/env python3
"""Real-browser test of Perigee's web page (headless Chromium driven by Selenium).

Loads the page from a running `perigee serve`, checks that the map draws every object the API returns,
searches for the ISS, opens its ground track and footprint, predicts passes over a built-in site, screens
conjunctions, opens the object page (history plots, manoeuvres, decay forecast) and a launch page.
What the page shows is compared with the API's own answers fetched here with urllib (the page must show
exactly what the server computed, times converted to the browser's zone). Any browser console error or
warning fails the test. Screenshots go to --artifacts (perigee.png is the CI artifact).

Usage: browser_test.py --base-url http://127.0.0.1:PORT --artifacts DIR [--at ISO] [--timezone ZONE]
"""
import argparse
import json
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


class Check:
    """Collects failures so one run reports all of them."""

    def __init__(self):
        self.failures = []

    def that(self, condition, message):
        status = "ok  " if condition else "FAIL"
        print(f"{status} {message}", flush=True)
        if not condition:
            self.failures.append(message)
        return condition


def api(base, path, params=None):
    query = urllib.parse.urlencode(params or {}, doseq=True)
    url = f"{base}{path}" + (f"?{query}" if query else "")
    with urllib.request.urlopen(url, timeout=120) as response:
        return json.load(response)


def parse_utc(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wait_for(driver, description, predicate, timeout=60):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: predicate(d))
    except TimeoutException:
        raise SystemExit(f"FAIL timed out after {timeout} s waiting for: {description}")


def element(driver, css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found else None


def page_errors(driver):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-role=error], .error") if e.is_displayed()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--at", default="2023-10-10T00:00:00.000Z",
                        help="map time (the fixture's element sets are from October 2023)")
    parser.add_argument("--timezone", default="Asia/Kolkata", help="browser time zone (UTC+05:30 shows conversion)")
    parser.add_argument("--catalog-number", type=int, default=25544)
    parser.add_argument("--search", default="ISS")
    parser.add_argument("--launch", default="1998-067")
    parser.add_argument("--alive-launch", default="2026-073")
    parser.add_argument("--alive-object", type=int, default=68611)
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    artifacts = Path(args.artifacts)
    artifacts.mkdir(parents=True, exist_ok=True)
    zone = ZoneInfo(args.timezone)
    check = Check()
    number = args.catalog_number

    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1600,1100", "--lang=en-US", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=args.chromedriver))
    driver.set_page_load_timeout(60)
    try:
        driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": args.timezone})
        run(driver, base, args, artifacts, zone, check, number)
    except (SystemExit, WebDriverException, OSError, KeyError, IndexError, ValueError, TypeError) as stop:
        check.failures.append(f"{type(stop).__name__}: {stop}")
        print(f"FAIL {type(stop).__name__}: {stop}", flush=True)
        try:
            driver.save_screenshot(str(artifacts / "perigee-failure.png"))
        except WebDriverException:
            pass
    finally:
        try:
            logs = driver.get_log("browser")
        except WebDriverException as error:
            logs = [{"level": "SEVERE", "message": f"could not read the console log: {error}"}]
        bad = [entry for entry in logs if entry.get("level") in ("SEVERE", "WARNING")]
        for entry in logs:
            print(f"console {entry.get('level')}: {entry.get('message')}")
        check.that(not bad, f"browser console has no errors or warnings ({len(bad)} found, {len(logs)} entries in all)")
        driver.quit()
    if check.failures:
        print(f"\n{len(check.failures)} check(s) failed:")
        for failure in check.failures:
            print(f"  - {failure}")
        sys.exit(1)
    print("\nall browser checks passed")


def run(driver, base, args, artifacts, zone, check, number):
    health = api(base, "/health")
    print(f"server: {health}")
    # ------------------------------------------------------------------ map
    driver.get(f"{base}/?at={urllib.parse.quote(args.at)}#/")
    wait_for(driver, "the map status", lambda d: element(d, "[data-role=object-count]") or element(d, "#map-status .error"))
    check.that(not page_errors(driver), f"no error shown on the map page ({page_errors(driver)})")
    canvas = element(driver, "#map")
    drawn = int(canvas.get_attribute("data-drawn-objects") or "0")
    expected = api(base, "/api/v1/positions", {"at": args.at})
    check.that(drawn == len(expected["catalog_numbers"]) and drawn > 0,
               f"the map draws every object the API places ({drawn} drawn, {len(expected['catalog_numbers'])} from the API)")
    print(f"map render time in the browser: {canvas.get_attribute('data-render-ms')} ms for {drawn} objects")
    coast = driver.execute_script(
        "const c=document.getElementById('map'); const x=c.getContext('2d');"
        "const d=x.getImageData(0,0,c.width,c.height).data; let n=0;"
        "for(let i=0;i<d.length;i+=4){ if(Math.abs(d[i]-0x5d)<24&&Math.abs(d[i+1]-0x73)<24&&Math.abs(d[i+2]-0x94)<24) n++; } return n;")
    check.that(coast > 1000, f"coastlines are drawn ({coast} coastline-coloured pixels)")
    check.that(bool(element(driver, "#map-status [data-role=age]")), "the map shows the element-set age")

    # ------------------------------------------------------------------ search
    box = element(driver, "#search")
    box.clear()
    box.send_keys(args.search)
    element(driver, "#search-form button").click()
    wait_for(driver, "search results", lambda d: d.find_elements(By.CSS_SELECTOR, "[data-role=result], [data-role=no-results], #search-results .error"))
    listed = [int(e.get_attribute("data-catalog-number")) for e in driver.find_elements(By.CSS_SELECTOR, "[data-role=result]")]
    reference = [o["catalog_number"] for o in api(base, "/api/v1/objects", {"q": args.search, "limit": 50})["objects"]]
    check.that(listed == reference, f"search '{args.search}' lists what the API answers ({listed} vs {reference})")
    check.that(number in listed, f"search '{args.search}' finds #{number}")
    target = element(driver, f"[data-role=result][data-catalog-number='{number}'] a")
    if target is None:
        raise SystemExit(f"FAIL no search result for #{number}")
    target.click()

    # ------------------------------------------------------------------ track and footprint
    wait_for(driver, "the selected object's ground track",
             lambda d: int(element(d, "#map").get_attribute("data-track-points") or "0") > 0 or element(d, "#sel-track .error"))
    detail = api(base, f"/api/v1/objects/{number}")
    name = element(driver, "[data-role=selected-name]").text
    check.that(detail["object"]["name"] in name, f"the selection panel names the object ({name!r})")
    track_points = int(element(driver, "#map").get_attribute("data-track-points"))
    shown_points = int(element(driver, "[data-role=track-points]").text)
    check.that(track_points == shown_points and track_points > 10, f"ground track drawn with {track_points} points (±1 orbit)")
    wait_for(driver, "the footprint", lambda d: int(element(d, "#map").get_attribute("data-footprint-points") or "0") > 2
             or element(d, "#sel-position .error"))
    position = wait_for(driver, "the selected position", lambda d: element(d, "[data-role=selected-position]"))
    at = position.get_attribute("data-at")
    reference_position = api(base, "/api/v1/positions", {"at": at, "catalog_number": number})["positions"][0]
    lat, lon = float(position.get_attribute("data-lat")), float(position.get_attribute("data-lon"))
    check.that(abs(lat - reference_position["latitude_deg"]) < 1e-9 and abs(lon - reference_position["longitude_deg"]) < 1e-9,
               f"selected position shown as the API gives it at {at} ({lat:.4f}°, {lon:.4f}°)")
    check.that(bool(element(driver, "#selection [data-role=age]")), "the selection shows its element-set age")

    # ------------------------------------------------------------------ passes
    sites = api(base, "/api/v1/sites")["sites"]
    check.that(len(sites) > 0, f"the site list has {len(sites)} built-in sites")
    Select(element(driver, "#site-select")).select_by_index(1)
    Select(element(driver, "#site-span")).select_by_value("3")
    element(driver, "#passes-button").click()
    wait_for(driver, "the pass table", lambda d: element(d, "[data-role=pass-table]") or element(d, "[data-role=no-passes]")
             or element(d, "#passes .error"), timeout=120)
    table = element(driver, "[data-role=pass-table]")
    check.that(table is not None, "a pass table is shown (the fixture's ISS passes over the first site within 3 days)")
    if table is not None:
        params = {"catalog_number": number, "latitude": table.get_attribute("data-site-lat"),
                  "longitude": table.get_attribute("data-site-lon"), "height_m": table.get_attribute("data-site-height"),
                  "start": table.get_attribute("data-start"), "end": table.get_attribute("data-end"),
                  "min_elevation": table.get_attribute("data-min-elevation")}
        reference_passes = api(base, "/api/v1/passes", params)["passes"]
        rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-role=pass]")
        check.that(len(rows) == len(reference_passes), f"pass table has the API's {len(reference_passes)} passes ({len(rows)} rows)")
        for row, expected_pass in zip(rows, reference_passes):
            culmination = expected_pass["culmination"]["time"]
            local = parse_utc(culmination).astimezone(zone)
            text = row.find_element(By.CSS_SELECTOR, "[data-role=culmination-time]").text
            offset = local.utcoffset()
            hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
            zone_label = f"GMT+{hours}:{minutes:02d}" if minutes else f"GMT+{hours}"
            check.that(row.get_attribute("data-culmination") == culmination and local.strftime("%H:%M:%S") in text
                       and zone_label in text,
                       f"culmination {culmination} shown in {args.timezone} as {text!r}")
            highlighted = "visible" in (row.get_attribute("class") or "").split()
            check.that(highlighted == bool(expected_pass["visible"]),
                       f"pass at {culmination}: visible={expected_pass['visible']}, highlighted={highlighted}")
        print(f"passes: {len(reference_passes)} in the window, {sum(1 for p in reference_passes if p['visible'])} visible")
    check.that(bool(element(driver, "#passes [data-role=age]")), "the pass table shows its element-set age")
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(artifacts / "perigee.png"))
    print(f"screenshot: {artifacts / 'perigee.png'}")

    # ------------------------------------------------------------------ conjunctions
    element(driver, "#conjunctions-button").click()
    wait_for(driver, "the conjunction list", lambda d: element(d, "[data-role=conjunction-table]")
             or element(d, "[data-role=no-conjunctions]") or element(d, "#conjunctions .error"), timeout=180)
    check.that(element(driver, "#conjunctions .error") is None, f"conjunction screening answered ({element(driver, '#conjunctions').text[:200]!r})")
    shown = len(driver.find_elements(By.CSS_SELECTOR, "tr[data-role=conjunction]"))
    print(f"conjunctions listed: {shown}")
    check.that(bool(element(driver, "#conjunctions [data-role=age]")), "the conjunction list shows its data age")

    # ------------------------------------------------------------------ object page
    element(driver, f"#selection a[href='#/object/{number}']").click()
    wait_for(driver, "the object page plots", lambda d: element(d, "svg[data-role=height-plot]") or element(d, "#object-view .error"))
    summary = api(base, f"/api/v1/objects/{number}/history/summary")
    check.that(not page_errors(driver), f"no error shown on the object page ({page_errors(driver)})")
    series = driver.find_elements(By.CSS_SELECTOR, "svg[data-role=height-plot] path[data-role=series]")
    check.that(len(series) == 2 and all(int(s.get_attribute("data-points")) == len(summary["points"]) for s in series),
               f"perigee and apogee plotted with the API's {len(summary['points'])} history points")
    incl = driver.find_elements(By.CSS_SELECTOR, "svg[data-role=inclination-plot] path[data-role=series]")
    check.that(len(incl) == 1 and int(incl[0].get_attribute("data-points")) == len(summary["points"]), "inclination plotted")
    markers = len(driver.find_elements(By.CSS_SELECTOR, "svg[data-role=inclination-plot] [data-role=marker]"))
    check.that(markers == len(summary["manoeuvres"]), f"{markers} manoeuvres marked (API: {len(summary['manoeuvres'])})")
    decay_text = element(driver, "[data-role=decay]").text
    check.that(("Decay forecast" in decay_text) == (summary.get("decay") is not None), f"decay forecast shown as the API gives it ({decay_text[:80]!r})")
    check.that(bool(element(driver, "#object-view [data-role=age]")), "the object page shows its element-set age")
    driver.save_screenshot(str(artifacts / "perigee-object.png"))

    # ------------------------------------------------------------------ launch pages
    # Alive? and when will it re-enter? Each row shows the API's last manoeuvre and re-entry forecast, or nothing:
    # launch 1998-067 (the ISS, and NUTSAT decaying), and 2026-073 (a Starlink raising its orbit over days).
    for designator, alive in ((args.launch, None), (args.alive_launch, args.alive_object)):
        driver.execute_script(f"location.hash = '#/launch/{designator}'")
        wait_for(driver, f"the launch page of {designator}",
                 lambda d: (element(d, "[data-role=launch-designator]") is not None
                            and element(d, "[data-role=launch-designator]").text == designator
                            and (element(d, "[data-role=launch-table]") or "catalogued" in element(d, "#launch-view").text))
                 or element(d, "#launch-view .error"))
        launch = api(base, f"/api/v1/launches/{designator}")
        rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-role=launch-object]")
        check.that(len(rows) == len(launch["objects"]) and len(rows) > 0, f"launch {designator} lists the API's {len(launch['objects'])} objects")
        for row, obj in zip(rows, launch["objects"]):
            manoeuvre_cell = row.find_element(By.CSS_SELECTOR, "[data-role=last-manoeuvre]").text.strip()
            forecast_cell = row.find_element(By.CSS_SELECTOR, "[data-role=reentry-forecast]").text.strip()
            check.that(bool(manoeuvre_cell) == (obj.get("last_manoeuvre") is not None),
                       f"{obj['catalog_number']}: last manoeuvre shown as the API gives it ({manoeuvre_cell!r})")
            check.that(bool(forecast_cell) == (obj.get("predicted_reentry") is not None),
                       f"{obj['catalog_number']}: re-entry forecast shown as the API gives it ({forecast_cell!r})")
            if obj["catalog_number"] == alive:
                m = obj.get("last_manoeuvre") or {}
                check.that("…" in manoeuvre_cell and "m/s" in manoeuvre_cell,
                           f"{alive}: its raise over days is shown as a span with its Δv ({manoeuvre_cell!r}, API {m})")
        driver.save_screenshot(str(artifacts / f"perigee-launch-{designator}.png"))

    # ------------------------------------------------------------------ back to the map: still healthy
    driver.execute_script("location.hash = '#/'")
    wait_for(driver, "the map again", lambda d: element(d, "#map-view").is_displayed())
    time.sleep(6)  # one refresh period: positions are fetched again without errors
    check.that(not page_errors(driver), f"no error after a refresh ({page_errors(driver)})")


if __name__ == "__main__":
    main()
