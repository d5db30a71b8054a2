"""Signs in to a running `workspace serve` in headless Chromium and saves screenshots of the
Home page (tiles, list, create dialog) under a results folder. Usage:
    python3 Tests/browser/screenshots.py URL TOKEN OUT_DIR
"""
import sys, time
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC

url, token, out = sys.argv[1], sys.argv[2], sys.argv[3]
options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 10)
try:
    driver.get(url)
    wait.until(EC.presence_of_element_located((By.ID, "token"))).send_keys(token)
    driver.save_screenshot(f"{out}/01-sign-in.png")
    driver.find_element(By.ID, "signin").click()
    wait.until(EC.presence_of_element_located((By.ID, "tiles")))
    time.sleep(0.3)
    driver.save_screenshot(f"{out}/02-home-tiles.png")
    driver.find_element(By.ID, "view-list").click()
    wait.until(EC.presence_of_element_located((By.ID, "list")))
    time.sleep(0.3)
    driver.save_screenshot(f"{out}/03-home-list.png")
    driver.find_element(By.ID, "create").click()
    wait.until(EC.visibility_of_element_located((By.ID, "new-name")))
    driver.save_screenshot(f"{out}/04-create-dialog.png")
finally:
    driver.quit()
