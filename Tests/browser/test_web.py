"""Browser tests of the web app: the built `workspace-server` on a workspace made from the demo
fixtures, driven by Selenium in headless Chromium. Each test saves screenshots of what it saw
under $RESULTS (default .build/browser-results). Run from the repository's root:
    python3 -m unittest discover -s Tests/browser -v
`swift test` runs them (Tests/WorkspaceCLITests/BrowserTests.swift); $WORKSPACE_BIN_DIR names the
folder holding `workspace` and `workspace-server` (default .build/debug).
"""
import json, os, shlex, socket, subprocess, tempfile, time, unittest, urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("WORKSPACE_BIN_DIR", os.path.join(ROOT, ".build", "debug")))
RESULTS = os.path.abspath(os.environ.get("RESULTS", os.path.join(ROOT, ".build", "browser-results")))


class Workspace:
    """A workspace file made from fixtures/demo.commands, with tokens for three users."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="browser-")
        self.path = os.path.join(self.folder, "w.sqlite")
        self.cli("init", "--owner", "demo")
        with open(os.path.join(ROOT, "fixtures", "demo.commands"), encoding="utf-8") as commands:
            for line in commands:
                if line.strip() and not line.startswith("#"):
                    self.cli(*shlex.split(line))
        self.cli("integration", "install", "fixtures/integrator.io/shopify-netsuite")
        self.cli("user", "add", "molly", "--role", "monitor")
        self.tokens = {user: self.token(user) for user in ["demo", "molly", "tim"]}

    def cli(self, *arguments, user="demo"):
        environment = dict(os.environ, WORKSPACE_DB=self.path, WORKSPACE_USER=user)
        done = subprocess.run([os.path.join(BIN, "workspace"), *arguments], cwd=ROOT, env=environment, capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"workspace {' '.join(arguments)}: {done.stderr}")
        return done.stdout

    def token(self, user):
        return json.loads(self.cli("token", "create", "--user", user, "--label", "browser tests", "--json"))["token"]

    def json(self, *arguments):
        return json.loads(self.cli(*arguments, "--json"))


class Server:
    """`workspace-server` on a free loopback port, stopped with SIGTERM."""

    def __init__(self, path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(os.path.dirname(path), "server.log"), "w")
        self.process = subprocess.Popen(
            [os.path.join(BIN, "workspace-server"), "--db", path, "--port", str(self.port)], stdout=self.log, stderr=self.log)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/app.css", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1320,900"]:
        options.add_argument(flag)
    driver_path = "/usr/bin/chromedriver"
    service = webdriver.ChromeService(executable_path=driver_path) if os.path.exists(driver_path) else webdriver.ChromeService()
    return webdriver.Chrome(service=service, options=options)


# HTML5 drag and drop as the browser fires it; Selenium's pointer actions do not start one.
DRAG = """
const [source, target] = arguments;
const data = new DataTransfer();
const fire = (node, type) => node.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
fire(source, "dragstart"); fire(target, "dragenter"); fire(target, "dragover"); fire(target, "drop"); fire(source, "dragend");
"""


class WebAppTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(RESULTS, exist_ok=True)
        cls.workspace = Workspace()
        cls.server = Server(cls.workspace.path)
        cls.driver = browser()
        # Pages redraw after each change: an element found a moment ago may be gone.
        cls.wait = WebDriverWait(cls.driver, 20, ignored_exceptions=[NoSuchElementException, StaleElementReferenceException])

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()

    # Helpers

    def sign_in(self, user="demo"):
        driver = self.driver
        self.sign_out()
        self.wait.until(EC.presence_of_element_located((By.ID, "token"))).send_keys(self.workspace.tokens[user])
        driver.find_element(By.ID, "signin").click()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "me"), user))

    def sign_out(self):
        """Opens the app and signs out if a session is still open."""
        self.driver.get(self.server.url + "/")
        self.wait.until(lambda d: d.find_elements(By.ID, "token") or d.find_elements(By.ID, "signout"))
        if self.driver.find_elements(By.ID, "signout"):
            self.driver.find_element(By.ID, "signout").click()

    def settled(self):
        """Waits until the page has no request in flight (it redraws when one ends)."""
        self.wait.until(lambda d: d.execute_script("return document.body.dataset.busy") == "false")

    def home(self, view="tile"):
        self.driver.get(self.server.url + "/#/")
        self.wait.until(EC.element_to_be_clickable((By.ID, "view-" + view)))
        self.settled()
        self.driver.find_element(By.ID, "view-" + view).click()
        self.wait.until(EC.presence_of_element_located((By.ID, "tiles" if view == "tile" else "list")))
        self.settled()

    def open_integration(self, name, tab="flows"):
        integration = self.workspace.json("integration", "show", name)
        self.driver.get(f"{self.server.url}/#/integrations/{integration['_id']}/{tab}")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "integration-name"), name))
        self.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#tab-{tab}[aria-selected=true]"))
        self.settled()
        return integration

    def tile_names(self):
        return [tile.find_element(By.TAG_NAME, "h2").text for tile in self.driver.find_elements(By.CSS_SELECTOR, "#tiles .tile")]

    def screenshot(self, name):
        time.sleep(0.2)
        self.driver.save_screenshot(os.path.join(RESULTS, name + ".png"))

    def save_dialog(self):
        self.driver.find_element(By.ID, "dialog-save").click()
        self.wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))

    def api(self, method, path, body=None):
        """A request from the page itself, with the session cookie and the session's CSRF token
        (the app's modules keep theirs to themselves)."""
        return self.driver.execute_async_script("""
            const [method, path, body, done] = arguments;
            fetch("/api/v1/session").then(r => r.json()).then(session =>
              fetch("/api/v1" + path, { method, headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrfToken || "" },
                body: body === null ? undefined : JSON.stringify(body) })).then(r => done(r.status));""", method, path, body)

    # Home

    def test_sign_in_shows_the_home_tiles(self):
        self.sign_out()
        self.wait.until(EC.presence_of_element_located((By.ID, "token"))).send_keys("wst_not_a_token")
        self.driver.find_element(By.ID, "signin").click()
        refusal = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".signin .error")))
        self.assertEqual(refusal.text, "That token is unknown or revoked.")
        self.screenshot("01-sign-in-refused")
        self.sign_in()
        self.home("tile")
        names = self.tile_names()
        self.assertIn("Standalone flows", names)
        self.assertIn("Shopify to NetSuite", names)
        offline = self.driver.find_element(By.XPATH, "//article[.//h2[.='HR onboarding']]//*[contains(@class,'offline')]")
        self.assertIn("offline", offline.text)
        self.screenshot("02-home-tiles")

    def test_a_dragged_tile_stays_where_it_was_dropped(self):
        self.sign_in()
        self.home("tile")
        before = self.tile_names()
        moving, target = before[-1], before[1]
        source = self.driver.find_element(By.XPATH, f"//article[.//h2[.='{moving}']]")
        destination = self.driver.find_element(By.XPATH, f"//article[.//h2[.='{target}']]")
        self.driver.execute_script(DRAG, source, destination)
        self.wait.until(lambda d: self.tile_names()[1] == moving)
        self.driver.refresh()
        self.wait.until(EC.presence_of_element_located((By.ID, "tiles")))
        after = self.tile_names()
        self.assertEqual(after[1], moving, "the new place is the user's own order, kept by the server")
        self.assertEqual(after[2], target)
        self.assertEqual(sorted(after), sorted(before))
        self.screenshot("03-home-tiles-after-drag")

    def test_pin_in_the_list_view(self):
        self.sign_in()
        self.home("list")
        row = "//table[@id='list']//tr[.//a[.='HR onboarding']]"
        self.driver.find_element(By.XPATH, row + "//button[contains(@class,'pin')]").click()
        self.wait.until(lambda d: d.find_element(By.XPATH, row + "//button[contains(@class,'pin')]").get_attribute("aria-pressed") == "true")
        self.driver.refresh()
        self.wait.until(EC.presence_of_element_located((By.ID, "list")))
        first = self.driver.find_element(By.CSS_SELECTOR, "#list tbody tr:first-child a.name").text
        self.assertEqual(first, "HR onboarding", "the most recently pinned comes first")
        self.screenshot("04-home-list-pinned")
        Select(self.driver.find_element(By.ID, "sort")).select_by_value("flows")
        self.wait.until(lambda d: d.find_element(By.ID, "sort").get_attribute("value") == "flows")
        self.driver.find_element(By.XPATH, row + "//button[contains(@class,'pin')]").click()
        self.wait.until(lambda d: d.find_element(By.XPATH, row + "//button[contains(@class,'pin')]").get_attribute("aria-pressed") == "false")

    def test_search_finds_integrations_by_their_flows(self):
        self.sign_in()
        self.home("tile")
        self.driver.find_element(By.ID, "search").send_keys("new hires")
        self.wait.until(lambda d: self.tile_names() == ["HR onboarding"])
        self.assertEqual(self.driver.find_element(By.ID, "count").text, "1 integration")
        self.screenshot("05-home-search")
        self.driver.find_element(By.ID, "search").clear()
        self.driver.find_element(By.ID, "search").send_keys("\b")

    def test_create_an_integration(self):
        self.sign_in()
        self.home("tile")
        self.driver.find_element(By.ID, "create").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "new-name"))).send_keys("Made in the browser")
        self.driver.find_element(By.ID, "new-description").send_keys("Zendesk tickets into Jira")
        self.screenshot("06-create-dialog")
        self.save_dialog()
        self.wait.until(lambda d: "Made in the browser" in self.tile_names())
        created = self.workspace.json("integration", "show", "Made in the browser")
        self.assertEqual(created["description"], "Zendesk tickets into Jira")
        log = self.workspace.json("audit", "--limit", "5")
        self.assertTrue(any(row["source"] == "web" and row["action"] == "create" for row in log), "recorded as from the web")

    # The integration page

    def test_flows_grouped_with_steps_and_a_router(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite")
        groups = [heading.text for heading in self.driver.find_elements(By.CSS_SELECTOR, ".group > h2")]
        self.assertEqual(groups[:2], ["ORDERS", "CUSTOMERS"])
        flow = self.driver.find_element(By.XPATH, "//div[@data-name='Shopify orders to NetSuite sales orders']")
        flow.find_element(By.XPATH, ".//button[.='Steps']").click()
        self.wait.until(lambda d: flow.find_elements(By.CSS_SELECTOR, ".step"))
        steps = [step.find_element(By.TAG_NAME, "strong").text for step in flow.find_elements(By.CSS_SELECTOR, ".step")]
        self.assertEqual(steps, ["Get new orders", "Look up customer", "Create sales orders"])
        self.screenshot("07-integration-flows")
        self.open_integration("Shopify – NetSuite Orders")
        router_flow = self.driver.find_element(By.XPATH, "//div[@data-name='Fulfilment router']")
        router_flow.find_element(By.XPATH, ".//button[.='Steps']").click()
        self.wait.until(lambda d: router_flow.find_elements(By.CSS_SELECTOR, ".router .branch"))
        branches = [label.text for label in router_flow.find_elements(By.CSS_SELECTOR, ".branch > .label")]
        self.assertIn("DOMESTIC", branches)
        self.assertIn("INTERNATIONAL", branches)
        self.screenshot("08-flow-with-router")

    def test_disable_and_enable_a_flow(self):
        self.sign_in()
        self.open_integration("Salesforce to NetSuite")
        switch = "//div[@data-name='NetSuite invoices to Salesforce']//input[contains(@class,'switch')]"
        self.driver.find_element(By.XPATH, switch).click()
        self.wait.until(lambda d: d.find_element(By.XPATH, switch).is_selected() is False)
        self.assertTrue(self.workspace.json("flow", "show", "NetSuite invoices to Salesforce")["disabled"])
        self.driver.find_element(By.XPATH, switch).click()
        self.wait.until(lambda d: d.find_element(By.XPATH, switch).is_selected())
        self.assertFalse(self.workspace.json("flow", "show", "NetSuite invoices to Salesforce")["disabled"])

    def test_move_a_flow_to_another_integration(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite")
        self.driver.find_element(By.XPATH, "//div[@data-name='NetSuite fulfillments to Shopify']//button[.='Move']").click()
        target = self.wait.until(EC.visibility_of_element_located((By.ID, "move-target")))
        Select(target).select_by_visible_text("Salesforce to NetSuite")
        self.screenshot("09-move-flow-dialog")
        self.save_dialog()
        self.wait.until(lambda d: not d.find_elements(By.XPATH, "//div[@data-name='NetSuite fulfillments to Shopify']"))
        moved = self.workspace.json("flow", "show", "NetSuite fulfillments to Shopify")
        self.assertEqual(moved["_integrationId"], self.workspace.json("integration", "show", "Salesforce to NetSuite")["_id"])
        self.open_integration("Salesforce to NetSuite")
        self.assertTrue(self.driver.find_elements(By.XPATH, "//div[@data-name='NetSuite fulfillments to Shopify']"))

    def test_apis_and_tools(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite", "apis")
        self.assertIn("Order status", self.wait.until(EC.presence_of_element_located((By.ID, "apis"))).text)
        self.driver.find_element(By.ID, "create-apis").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "apis-name"))).send_keys("Refund status")
        path = self.driver.find_element(By.ID, "apis-path")
        path.clear()
        path.send_keys("/refunds/{id}")
        self.save_dialog()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "apis"), "Refund status"))
        made = [api for api in self.workspace.json("api", "list", "--integration", "Shopify to NetSuite") if api["name"] == "Refund status"]
        self.assertEqual(made[0]["path"], "/refunds/{id}")
        self.screenshot("10a-apis")
        self.open_integration("Salesforce to NetSuite", "tools")
        self.assertIn("Look up customer", self.wait.until(EC.presence_of_element_located((By.ID, "tools"))).text)
        self.screenshot("10b-tools")

    def test_connections_go_offline_and_back(self):
        self.sign_in()
        self.open_integration("Salesforce to NetSuite", "connections")
        row = "//table[@id='connections']//tr[.//strong[.='Salesforce']]"
        self.driver.find_element(By.XPATH, row + "//button[.='Disconnect']").click()
        self.wait.until(lambda d: d.find_element(By.XPATH, row + "//span[contains(@class,'badge')]").text == "Offline")
        self.screenshot("10-connections")
        self.driver.find_element(By.XPATH, row + "//button[.='Reconnect']").click()
        self.wait.until(lambda d: d.find_element(By.XPATH, row + "//span[contains(@class,'badge')]").text == "Online")

    def test_settings_resolved_with_their_origins(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite", "settings")
        self.wait.until(EC.presence_of_element_located((By.ID, "resolved-table")))
        Select(self.driver.find_element(By.ID, "settings-at")).select_by_visible_text("Import: Create sales orders")
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "resolved-table"), "EUR"))
        table = self.driver.find_element(By.ID, "resolved-table").text
        self.assertIn("/mapping/currency", table)
        self.assertIn("integration", table, "the locale still comes from the integration")
        self.assertIn("flowGrouping Orders", table, "the retries come from the flow's group, named")
        self.screenshot("11-settings-resolved")
        Select(self.driver.find_element(By.ID, "settings-at")).select_by_visible_text("Integration: Shopify to NetSuite")
        self.wait.until(lambda d: '"retries"' in d.find_element(By.ID, "settings-json").get_attribute("value"))
        editor = self.driver.find_element(By.ID, "settings-json")
        editor.clear()
        editor.send_keys('{"retries": 4, "mapping": {"currency": "USD", "locale": "en-US"}}')
        self.driver.find_element(By.ID, "settings-save").click()
        self.wait.until(lambda d: self.workspace.json("settings", "get", "Shopify to NetSuite").get("retries") == 4)

    def test_aliases_listed_and_created(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite", "aliases")
        self.wait.until(EC.presence_of_element_located((By.ID, "aliases")))
        self.assertIn("orders", self.driver.find_element(By.ID, "aliases").text)
        self.driver.find_element(By.ID, "create-alias").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "alias-name"))).send_keys("store")
        Select(self.driver.find_element(By.ID, "alias-target")).select_by_visible_text("connection: Shopify store")
        self.save_dialog()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "aliases"), "store"))
        self.screenshot("12-aliases")

    def test_snapshot_then_a_side_by_side_diff_and_revert(self):
        self.sign_in()
        self.open_integration("HR onboarding", "revisions")
        self.driver.find_element(By.ID, "snapshot").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "snapshot-description"))).send_keys("Before the rename")
        self.save_dialog()
        self.wait.until(EC.presence_of_element_located((By.ID, "revisions")))
        self.workspace.cli("integration", "edit", "HR onboarding", "--description", "Hires from Workday, accounts in Okta")
        self.open_integration("HR onboarding", "revisions")
        row = "//table[@id='revisions']//tr[.//td[.='Before the rename']]"
        self.driver.find_element(By.XPATH, row + "//button[.='Compare with now']").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "diff")))
        diff = self.driver.find_element(By.ID, "diff")
        self.assertEqual(diff.find_element(By.CSS_SELECTOR, "td.old").text, "Workday hires into Okta and Slack")
        self.assertEqual(diff.find_element(By.CSS_SELECTOR, "td.new").text, "Hires from Workday, accounts in Okta")
        self.screenshot("13-revisions-diff")
        self.driver.find_element(By.XPATH, row + "//button[.='Revert to this']").click()
        self.driver.switch_to.alert.accept()
        self.wait.until(lambda d: self.workspace.json("integration", "show", "HR onboarding")["description"] == "Workday hires into Okta and Slack")

    def test_pull_shows_its_conflicts(self):
        self.workspace.cli("integration", "clone", "Salesforce to NetSuite", "--name", "Salesforce sandbox")
        self.workspace.cli("integration", "edit", "Salesforce sandbox", "--description", "Theirs")
        self.workspace.cli("integration", "edit", "Salesforce to NetSuite", "--description", "Ours")
        self.sign_in()
        self.open_integration("Salesforce to NetSuite", "revisions")
        self.driver.find_element(By.ID, "pull").click()
        Select(self.wait.until(EC.visibility_of_element_located((By.ID, "pull-from")))).select_by_visible_text("Salesforce sandbox")
        self.save_dialog()
        self.wait.until(EC.presence_of_element_located((By.ID, "conflicts")))
        conflicts = self.driver.find_element(By.ID, "conflicts").text
        self.assertIn("/description", conflicts)
        self.assertIn("Theirs", conflicts)
        self.screenshot("14-pull-conflicts")
        Select(self.driver.find_element(By.ID, "pull-take")).select_by_value("theirs")
        self.driver.find_element(By.ID, "pull-apply").click()
        self.wait.until(lambda d: self.workspace.json("integration", "show", "Salesforce to NetSuite")["description"] == "Theirs")

    def test_audit_log_filters_and_csv(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite", "audit")
        self.wait.until(EC.presence_of_element_located((By.ID, "audit")))
        action = self.driver.find_element(By.ID, "audit-action")
        action.send_keys("create\n")
        self.wait.until(lambda d: d.find_element(By.ID, "audit-action").get_attribute("value") == "create"
                        and all(cells[4].text == "create" for cells in [row.find_elements(By.TAG_NAME, "td") for row in d.find_elements(By.CSS_SELECTOR, "#audit tbody tr")]))
        link = self.driver.find_element(By.ID, "audit-csv").get_attribute("href")
        self.assertIn("format=csv", link)
        self.assertIn("action=create", link)
        csv = self.driver.execute_async_script("fetch(arguments[0]).then(r => r.text()).then(arguments[1])", link)
        self.assertTrue(csv.startswith("Time,User,Source"))
        self.screenshot("15-audit")

    def test_users_tab_grants_access(self):
        self.sign_in()
        self.open_integration("Shopify to NetSuite", "users")
        self.wait.until(EC.presence_of_element_located((By.ID, "grant-molly")))
        Select(self.driver.find_element(By.ID, "grant-molly")).select_by_value("manage")
        self.wait.until(lambda d: any(g["integrationName"] == "Shopify to NetSuite" for g in self.users()["molly"]["integrations"]))
        self.screenshot("16-users")
        self.open_integration("Shopify to NetSuite", "users")
        Select(self.wait.until(EC.presence_of_element_located((By.ID, "grant-molly")))).select_by_value("")
        self.wait.until(lambda d: not self.users()["molly"]["integrations"])

    def users(self):
        return {user["name"]: user for user in self.workspace.json("user", "list")}

    def test_admin_renders_the_readme_and_saves(self):
        self.sign_in()
        self.open_integration("Salesforce to NetSuite", "admin")
        readme = self.wait.until(EC.presence_of_element_located((By.ID, "readme")))
        self.assertTrue(readme.find_elements(By.TAG_NAME, "h2") or readme.find_elements(By.TAG_NAME, "p"))
        self.screenshot("17-admin")
        name = self.driver.find_element(By.ID, "admin-description")
        name.clear()
        name.send_keys("Accounts and invoices")
        self.driver.find_element(By.ID, "admin-save").click()
        self.wait.until(lambda d: self.workspace.json("integration", "show", "Salesforce to NetSuite")["description"] == "Accounts and invoices")

    def test_standalone_offers_only_what_it_allows(self):
        self.sign_in()
        self.open_integration("Standalone flows")
        tabs = [tab.get_attribute("id") for tab in self.driver.find_elements(By.CSS_SELECTOR, ".tabs a")]
        self.assertEqual(tabs, ["tab-flows", "tab-apis", "tab-tools", "tab-connections", "tab-audit"])
        self.screenshot("18-standalone")
        self.home("tile")
        standalone = self.driver.find_element(By.XPATH, "//article[.//h2[.='Standalone flows']]")
        self.assertFalse(standalone.find_elements(By.XPATH, ".//button[.='Delete' or .='Clone']"))

    # What a role forbids is not offered, and refused anyway

    def test_a_monitor_is_offered_nothing_and_refused_everything(self):
        before = self.workspace.cli("integration", "list", "--json")
        self.sign_in("molly")
        self.home("tile")
        self.assertFalse(self.driver.find_elements(By.ID, "create"))
        self.assertFalse(self.driver.find_elements(By.XPATH, "//button[.='Delete' or .='Clone']"))
        self.open_integration("Shopify to NetSuite")
        self.assertFalse(self.driver.find_elements(By.XPATH, "//button[.='Move' or .='Create flow']"))
        self.assertTrue(all(not s.is_enabled() for s in self.driver.find_elements(By.CSS_SELECTOR, "input.switch")))
        self.assertFalse(self.driver.find_elements(By.ID, "tab-users"))
        self.screenshot("19-monitor-read-only")
        self.assertEqual(self.api("POST", "/integrations", {"name": "Sneaked in"}), 403)
        self.assertEqual(self.api("DELETE", "/integrations/Shopify%20to%20NetSuite?mode=detach"), 403)
        self.assertEqual(self.workspace.cli("integration", "list", "--json"), before)
        denied = self.workspace.json("audit", "--user", "molly", "--action", "denied")
        self.assertGreaterEqual(len(denied), 2)

    def test_a_tile_user_manages_only_their_integration(self):
        self.sign_in("tim")
        self.home("tile")
        self.assertEqual(sorted(self.tile_names()), ["HR onboarding", "Standalone flows"])
        self.open_integration("HR onboarding")
        self.assertTrue(self.driver.find_elements(By.XPATH, "//button[.='Move' or .='Create flow']"))
        self.assertEqual(self.api("POST", "/integrations/HR%20onboarding/clone", {}), 403)

    # The recycle bin and tokens

    def test_recycle_bin_restores_and_purges(self):
        for name in ["Bin me", "Purge me"]:
            self.workspace.cli("api", "create", name, "--integration", "HR onboarding")
            self.workspace.cli("api", "delete", name)
        self.sign_in("molly")
        self.driver.find_element(By.ID, "bin-link").click()
        table = self.wait.until(EC.presence_of_element_located((By.ID, "bin")))
        self.settled()
        self.assertIn("Bin me", table.text)
        self.assertFalse(self.driver.find_elements(By.XPATH, "//table[@id='bin']//button"), "a monitor lists, and is offered nothing")
        self.sign_in()
        self.driver.get(self.server.url + "/#/recycle-bin")
        row = self.wait.until(EC.presence_of_element_located((By.XPATH, "//table[@id='bin']//tr[td[.='Bin me']]")))
        self.settled()
        self.screenshot("30-recycle-bin")
        row.find_element(By.XPATH, ".//button[.='Restore']").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "restore-name")))
        self.save_dialog()
        self.wait.until(lambda d: "Bin me" not in d.find_element(By.ID, "app").text)
        self.assertIn("Bin me", [api["name"] for api in self.workspace.json("api", "list", "--integration", "HR onboarding")])
        row = self.wait.until(EC.presence_of_element_located((By.XPATH, "//table[@id='bin']//tr[td[.='Purge me']]")))
        self.settled()
        row.find_element(By.XPATH, ".//button[.='Purge']").click()
        self.driver.switch_to.alert.accept()
        self.wait.until(lambda d: "Purge me" not in d.find_element(By.ID, "app").text)
        self.assertNotIn("Purge me", [entry["name"] for entry in self.workspace.json("recycle-bin", "list")])

    def test_tokens_page_makes_a_scoped_expiring_token(self):
        self.sign_in()
        self.driver.find_element(By.ID, "tokens-link").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "tokens")))
        self.settled()
        self.driver.find_element(By.ID, "create-token").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "token-label"))).send_keys("Nightly report")
        Select(self.driver.find_element(By.ID, "token-scope")).select_by_value("custom")
        shop = self.workspace.json("integration", "show", "Shopify to NetSuite")
        Select(self.driver.find_element(By.CSS_SELECTOR, f"select.token-access[name='{shop['_id']}']")).select_by_value("monitor")
        Select(self.driver.find_element(By.ID, "token-expires")).select_by_value("1d")
        self.screenshot("31-token-create")
        self.driver.find_element(By.ID, "dialog-save").click()
        secret = self.wait.until(EC.visibility_of_element_located((By.ID, "token-secret"))).text
        self.assertTrue(secret.startswith("wst_"))
        self.screenshot("32-token-secret")
        self.save_dialog()
        self.wait.until(EC.text_to_be_present_in_element((By.ID, "tokens"), "Nightly report"))
        made = [token for token in self.workspace.json("token", "list") if token["label"] == "Nightly report"][0]
        self.assertEqual(made["scope"], [f"integration:{shop['_id']}:monitor"])
        self.assertIsNotNone(made["expiresAt"])
        request = urllib.request.Request(self.server.url + "/api/v1/integrations", headers={"Authorization": "Bearer " + secret})
        with urllib.request.urlopen(request) as response:
            self.assertEqual([item["name"] for item in json.load(response)], ["Shopify to NetSuite"])

    def test_a_change_without_the_csrf_token_is_refused(self):
        self.sign_in()
        status = self.driver.execute_async_script("""
            fetch("/api/v1/integrations", { method: "POST", headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ name: "Forged" }) }).then(r => arguments[0](r.status));""")
        self.assertEqual(status, 403)
        self.assertNotIn("Forged", self.workspace.cli("integration", "list"))


if __name__ == "__main__":
    unittest.main()
