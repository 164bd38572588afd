/**
 * The split planner's judgment, one signal at a time (the fixture split/domains shows them
 * together): importer co-usage and the importer's name, schemas without any reference, section
 * comments, Django managers with their model, small files of one or two domains, long models apart, never a
 * concatenated class name; and the agreement measure the corpus benchmark prints.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { agreement, nameAgreement } from "../../bench/split-corpus/metrics.js";
import { main } from "../../src/cli/main.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { importerDomain, stemOf } from "../../src/refactor/split/domains.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { capture, project } from "./support.js";

async function plan(files: Record<string, string>, file: string): Promise<Record<string, string[]>> {
  const dir = project(files);
  const p = proposeSplit(new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })), file);
  assert.ok(!("error" in p));
  return Object.fromEntries(p.modules.map((m) => [m.name, m.statements]));
}

/** The module of a plan that holds a statement, by label. */
const holder =
  (p: Record<string, string[]>) =>
  (label: string): string | undefined =>
    Object.entries(p).find(([, v]) => v.includes(label))?.[0];

const schema = (name: string) => `class ${name}(BaseModel):\n    value: str = ""\n\n\n`;
/** A schema with a field of another schema's type. */
const linked = (name: string, to: string) => `class ${name}(BaseModel):\n    of: ${to}\n\n\n`;

test("schemas that reference nothing are grouped by the routers that import them, and named after them", async () => {
  const names = [
    "RegisterRequest",
    "LoginRequest",
    "TokenResponse",
    "OrderRequest",
    "OrderResponse",
    "InvoiceItem",
    "InvoiceResponse",
  ];
  const files: Record<string, string> = {
    "app/__init__.py": "",
    "app/schemas.py": "from pydantic import BaseModel\n\n\n" + names.map(schema).join(""),
    "app/routers/__init__.py": "",
    "app/routers/auth.py": "from ..schemas import RegisterRequest, LoginRequest, TokenResponse\n",
    "app/routers/broker.py": "from ..schemas import OrderRequest, OrderResponse\n",
    "app/routers/billing.py": "from ..schemas import InvoiceItem, InvoiceResponse\n",
  };
  assert.deepEqual(await plan(files, "app/schemas.py"), {
    auth: ["RegisterRequest", "LoginRequest", "TokenResponse"],
    broker: ["OrderRequest", "OrderResponse"],
    billing: ["InvoiceItem", "InvoiceResponse"],
  });
});

test("a section comment cuts a run of unrelated models; names are short nouns, not concatenations", async () => {
  const model = (name: string, table: string) =>
    `class ${name}(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n\n\n`;
  const text = [
    "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n",
    "# ---- warehouse ----\n\n",
    model("EquipmentCategoryItemRestriction", "equipment_restrictions"),
    model("StorageShelf", "shelves"),
    model("StorageBin", "bins"),
    "# ---- staff ----\n\n",
    model("StaffMember", "staff"),
    model("ShiftRota", "rotas"),
    model("LeaveRequest", "leave"),
  ].join("");
  const p = await plan({ "inv/__init__.py": "", "inv/models.py": text }, "inv/models.py");
  const groups = Object.values(p).map((s) => s.filter((x) => /^[A-Z]/.test(x) && x !== "Base"));
  assert.deepEqual(
    groups.filter((g) => g.length),
    [
      ["EquipmentCategoryItemRestriction", "StorageShelf", "StorageBin"],
      ["StaffMember", "ShiftRota", "LeaveRequest"],
    ],
  );
  for (const name of Object.keys(p)) assert.ok(name.split("_").length <= 2, `short module name: ${name}`);
});

test("a Django queryset and manager go with the model that uses them", async () => {
  const text = [
    "from django.db import models\n\n\n",
    "class BookQuerySet(models.QuerySet):\n    def published(self):\n        return self.filter(published=True)\n\n\n",
    "class Book(models.Model):\n    title = models.CharField(max_length=100)\n    published = models.BooleanField(default=False)\n    objects = BookQuerySet.as_manager()\n\n\n",
    "class Chapter(models.Model):\n    book = models.ForeignKey(Book, on_delete=models.CASCADE)\n\n\n",
    "class MemberManager(models.Manager):\n    def active(self):\n        return self.filter(active=True)\n\n\n",
    "class Member(models.Model):\n    active = models.BooleanField(default=True)\n    objects = MemberManager()\n\n\n",
    "class Loan(models.Model):\n    member = models.ForeignKey(Member, on_delete=models.CASCADE)\n\n\n",
  ].join("");
  const p = await plan({ "lib/__init__.py": "", "lib/models.py": text }, "lib/models.py");
  const home = (x: string) => Object.keys(p).find((k) => p[k].includes(x));
  assert.equal(home("BookQuerySet"), home("Book"));
  assert.equal(home("Chapter"), home("Book"));
  assert.equal(home("MemberManager"), home("Member"));
  assert.equal(home("Loan"), home("Member"));
  assert.notEqual(home("Book"), home("Member"));
});

test("a small file of unrelated models stays one module; two linked groups become two", async () => {
  const head =
    "from sqlalchemy import Column, ForeignKey, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n";
  const model = (name: string, table: string, fk = "") =>
    `class ${name}(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n${fk ? `    ref = Column(Integer, ForeignKey("${fk}.id"))\n` : ""}\n\n`;
  const one = await plan(
    {
      "a/__init__.py": "",
      "a/models.py": head + model("Alpha", "alpha") + model("Beta", "beta") + model("Gamma", "gamma"),
    },
    "a/models.py",
  );
  assert.equal(Object.keys(one).filter((k) => k !== "base").length, 1);
  const two = await plan(
    {
      "b/__init__.py": "",
      "b/models.py":
        head +
        model("User", "users") +
        model("Profile", "profiles", "users") +
        model("Product", "products") +
        model("Price", "prices", "products") +
        model("Stock", "stock", "products"),
    },
    "b/models.py",
  );
  const groups = Object.entries(two)
    .filter(([k]) => k !== "base")
    .map(([, s]) => s);
  assert.deepEqual(groups, [
    ["User", "Profile"],
    ["Product", "Price", "Stock"],
  ]);
});

test("in a larger file, models that only file order ties together are one module each; a linked run stays one", async () => {
  const head =
    "from sqlalchemy import Column, ForeignKey, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n";
  const model = (name: string, table: string, fk = "") =>
    `class ${name}(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n${fk ? `    ref = Column(Integer, ForeignKey("${fk}.id"))\n` : ""}\n\n`;
  const text =
    head +
    model("Song", "songs") +
    model("Lyric", "lyrics", "songs") +
    model("Contact", "contacts") +
    model("Advert", "adverts") +
    model("Feedback", "feedback") +
    model("Survey", "surveys");
  const p = await plan({ "c/__init__.py": "", "c/models.py": text }, "c/models.py");
  const groups = Object.entries(p)
    .filter(([k]) => k !== "base")
    .map(([, s]) => s);
  assert.deepEqual(groups, [["Song", "Lyric"], ["Contact"], ["Advert"], ["Feedback"], ["Survey"]]);
});

test("plan split --explain names the signals behind each module", async () => {
  const dir = project({
    "app/__init__.py": "",
    "app/schemas.py":
      "from pydantic import BaseModel\n\n\n" +
      ["LoginRequest", "TokenResponse", "OrderRequest", "OrderResponse"].map(schema).join(""),
    "app/auth.py": "from .schemas import LoginRequest, TokenResponse\n",
    "app/orders.py": "from .schemas import OrderRequest, OrderResponse\n",
  });
  const io = capture(dir);
  assert.equal(
    await main(["plan", "split", "app/schemas.py", "--root", dir, "--no-cache", "--explain"], io),
    0,
    io.stderr(),
  );
  assert.match(io.stdout(), /^# {3}auth: imported together \([\d.]+\): LoginRequest-TokenResponse/m);
  assert.match(io.stdout(), /^# {3}orders: imported together/m);
  const plain = capture(dir);
  assert.equal(await main(["plan", "split", "app/schemas.py", "--root", dir, "--no-cache"], plain), 0);
  assert.doesNotMatch(plain.stdout(), /imported together/);
});

test("stems and importer names are domain nouns", () => {
  assert.equal(stemOf("IndexHistoryResponse"), "index");
  assert.equal(stemOf("LoginRequest"), "login");
  assert.equal(stemOf("BaseUserSchema"), "user");
  assert.equal(importerDomain("app.routers.auth"), "auth");
  assert.equal(importerDomain("shop.billing.views"), "billing");
  assert.equal(importerDomain("app.services.refresh_optimized"), null);
  assert.equal(importerDomain("subekashi.views"), null);
  // A management command or a command-line tool is named for its action.
  assert.equal(importerDomain("judge.management.commands.create_problem"), null);
  assert.equal(importerDomain("vault.cli.janitor.findtokens"), null);
  assert.equal(importerDomain("vault.lib.tokens"), "tokens");
});

test("agreement: identical groupings score 1, pairs are counted over the items both place", () => {
  const truth = new Map([
    ["a", "x"],
    ["b", "x"],
    ["c", "y"],
    ["d", "y"],
  ]);
  assert.deepEqual(
    agreement(
      new Map([
        ["a", "1"],
        ["b", "1"],
        ["c", "2"],
        ["d", "2"],
      ]),
      truth,
    ),
    { items: 4, precision: 1, recall: 1, f1: 1, ari: 1 },
  );
  const lumped = agreement(
    new Map([
      ["a", "1"],
      ["b", "1"],
      ["c", "1"],
      ["d", "1"],
      ["e", "1"],
    ]),
    truth,
  );
  assert.equal(lumped.items, 4);
  assert.equal(lumped.recall, 1);
  assert.equal(lumped.precision, 2 / 6);
  assert.equal(lumped.ari, 0);
  const crossed = agreement(
    new Map([
      ["a", "1"],
      ["c", "1"],
      ["b", "2"],
      ["d", "2"],
    ]),
    truth,
  );
  assert.ok(crossed.ari < 0);
});

test("nameAgreement: a team module matched both ways counts as named alike when the names agree, plural or not", () => {
  const truth = new Map([
    ["User", "users"],
    ["Group", "users"],
    ["Order", "billing"],
    ["Invoice", "billing"],
    ["Config", "__init__"],
  ]);
  const plan = new Map([
    ["User", "user"],
    ["Group", "user"],
    ["Order", "order"],
    ["Invoice", "order"],
    ["Config", "user"],
  ]);
  // `users` and `user` agree; `billing` is matched by `order` but named apart; `__init__` is no name.
  assert.deepEqual(nameAgreement(plan, truth), { teamModules: 2, matched: 2, same: 1 });
  // A plan module that mostly holds another team module is no match for this one.
  const lumped = new Map([...plan].map(([k]) => [k, "all"]));
  lumped.set("Order", "billing");
  assert.deepEqual(nameAgreement(lumped, truth), { teamModules: 2, matched: 1, same: 0 });
  // -es plurals: `addresses` is `address`, `user_groups` is `user_group`.
  const plurals = new Map([
    ["Address", "addresses"],
    ["UserGroup", "user_groups"],
  ]);
  const planned = new Map([
    ["Address", "address"],
    ["UserGroup", "user_group"],
  ]);
  assert.deepEqual(nameAgreement(planned, plurals), { teamModules: 2, matched: 2, same: 2 });
});

/** A model with `columns` columns (one line each) and a foreign key to each of `refs`. */
function model(name: string, columns: number, refs: string[] = []): string {
  const fk = refs.map((r) => `    ${r.toLowerCase()}_id = Column(ForeignKey("${r.toLowerCase()}s.id"))\n`).join("");
  const cols = Array.from({ length: columns }, (_, i) => `    field_${i} = Column(String(40))\n`).join("");
  return `class ${name}(Base):\n    __tablename__ = "${name.toLowerCase()}s"\n    id = Column(Integer, primary_key=True)\n${fk}${cols}\n\n`;
}

test("long models get modules of their own where short ones of the same links share one", async () => {
  const head =
    "from sqlalchemy import Column, ForeignKey, Integer, String\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n";
  // The same models and links; only the length of Ledger and Journal differs.
  const trio = (root: string, a: string, b: string) => model(root, 2) + model(a, 2, [root]) + model(b, 2, [root, a]);
  const file = (long: number) =>
    head +
    trio("Tag", "Label", "Note") +
    model("Ledger", long) +
    model("Journal", long, ["Ledger"]) +
    trio("Shop", "Item", "Price") +
    trio("Team", "Member", "Role");
  const plans = async (long: number) => plan({ "app/__init__.py": "", "app/models.py": file(long) }, "app/models.py");
  const short = await plans(3);
  const long = await plans(800);
  const holding = (p: Record<string, string[]>, cls: string) => Object.entries(p).find(([, v]) => v.includes(cls))![0];
  assert.equal(holding(short, "Ledger"), holding(short, "Journal"), JSON.stringify(short));
  assert.notEqual(holding(long, "Ledger"), holding(long, "Journal"), JSON.stringify(long));
  assert.equal(holding(long, "Item"), holding(long, "Price"), JSON.stringify(long));
});

test("statements that read two domains' classes at import time go with the later one, so no cycle merges the domains", async () => {
  const cls = (name: string, table: string, body = "") =>
    `class ${name}(Base):\n    __tablename__ = "${table}"\n    id = Column(Integer, primary_key=True)\n${body}\n\n`;
  const fk = (col: string, target: string) => `    ${col} = Column(ForeignKey("${target}.id"))\n`;
  const text = [
    "from sqlalchemy import Column, ForeignKey, Integer, event\nfrom sqlalchemy.orm import declarative_base, relationship\nfrom acl import join_model, rule\n\nBase = declarative_base()\n\n\n",
    cls("Group", "groups", '    streams = relationship("Stream", secondary="group_streams")\n'),
    cls("GroupMember", "group_members", fk("group_id", "groups")),
    cls("Stream", "streams", '    groups = relationship("Group", secondary="group_streams")\n'),
    cls("StreamItem", "stream_items", fk("stream_id", "streams")),
    // A join model built by a library function from both classes, and what attaches to it.
    'GroupStream = join_model("group_streams", Group, Stream)\nGroupStream.__doc__ = "Groups to streams."\n\n\n',
    cls("Obj", "objs"),
    cls("ObjNote", "obj_notes", fk("obj_id", "objs")),
    'GroupObj = join_model("group_objs", Group, Obj)\n\n\n',
    "def obj_rule(cls, user):\n    return Group.id == user.group_id\n\n\n",
    // Attached to GroupObj through a helper defined after it: it belongs with GroupObj.
    "GroupObj.create = rule(obj_rule)\n\n\n",
    // A listener nothing calls goes with the model it listens to.
    '@event.listens_for(Obj, "before_delete")\ndef forget_obj(mapper, connection, target):\n    connection.execute(Group.__table__.select())\n',
  ].join("");
  const p = await plan({ "app/__init__.py": "", "app/models.py": text }, "app/models.py");
  const holding = holder(p);
  const json = JSON.stringify(p);
  assert.notEqual(holding("Group"), holding("Stream"), json);
  assert.notEqual(holding("Group"), holding("Obj"), json);
  assert.notEqual(holding("Stream"), holding("Obj"), json);
  assert.equal(holding("GroupStream"), holding("Stream"), json);
  assert.equal(holding("GroupObj"), holding("Obj"), json);
  assert.equal(holding("GroupObj.create = rule(obj_rule)"), holding("Obj"), json);
  assert.equal(holding("forget_obj"), holding("Obj"), json);
});

test("a heading written as a sentence ('# Billing related:') is a section comment too", async () => {
  const text = [
    "from pydantic import BaseModel\n\n\n",
    "# Warehouse related:\n\n",
    schema("ShelfCreate"),
    schema("BinMove"),
    schema("StockCount"),
    "# Staff related:\n\n",
    schema("RotaPlan"),
    schema("LeaveForm"),
    schema("ShiftSwap"),
  ].join("");
  const p = await plan({ "inv/__init__.py": "", "inv/schemas.py": text }, "inv/schemas.py");
  const groups = Object.values(p)
    .map((s) => s.filter((x) => /^[A-Z]/.test(x)))
    .filter((g) => g.length);
  assert.deepEqual(
    groups,
    [
      ["ShelfCreate", "BinMove", "StockCount"],
      ["RotaPlan", "LeaveForm", "ShiftSwap"],
    ],
    JSON.stringify(p),
  );
});

test("a top package that re-exports a module's names as its API does not make that module part of an earlier split", async () => {
  // Two runs of linked models with one reference across: only a part of an earlier split (a small
  // module of a models/ package) is cut along its links alone, which would keep this one module.
  const model = (name: string, refs: string[]) =>
    `class ${name}(Base):\n    __tablename__ = "${name.toLowerCase()}s"\n    id = Column(Integer, primary_key=True)\n` +
    refs.map((r) => `    ${r.toLowerCase()}_id = Column(ForeignKey(${r}.id))\n`).join("") +
    "\n\n";
  const text = [
    "from sqlalchemy import Column, ForeignKey, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n",
    model("Shop", []),
    model("Shelf", ["Shop"]),
    model("Stock", ["Shop", "Shelf"]),
    model("Order", ["Shop", "Stock"]),
    model("Team", []),
    model("Member", ["Team"]),
    model("Rota", ["Team", "Member"]),
    model("Leave", ["Team", "Member", "Stock"]),
  ].join("");
  const api = "from inv.store import Shop, Team\n";
  const moduleOf = (p: Record<string, string[]>, cls: string) =>
    Object.entries(p).find(([, v]) => v.includes(cls))?.[0];
  const top = await plan({ "inv/__init__.py": api, "inv/store.py": text }, "inv/store.py");
  assert.notEqual(moduleOf(top, "Shop"), moduleOf(top, "Team"), JSON.stringify(top));
  // The same file as one module of a models/ package that re-exports it: an earlier split, kept whole.
  const part = await plan(
    {
      "inv/__init__.py": "",
      "inv/models/__init__.py": "from inv.models.store import Shop, Team\n",
      "inv/models/store.py": text,
    },
    "inv/models/store.py",
  );
  assert.equal(moduleOf(part, "Shop"), moduleOf(part, "Team"), JSON.stringify(part));
});

test("runs under different section comments are one module only when their own classes share the name, not when an importer gives it", async () => {
  const text = [
    "from pydantic import BaseModel\n\n\n",
    "# Samples related:\n\n",
    schema("SampleCreate"),
    linked("SampleRead", "SampleCreate"),
    linked("SampleArchive", "SampleRead"),
    schema("BarcodeSheet"),
    linked("BarcodeLayout", "BarcodeSheet"),
    "# Shipping related:\n\n",
    schema("Parcel"),
    schema("Courier"),
    schema("Pickup"),
    "# Policies:\n\n",
    schema("PolicyRule"),
    schema("PolicyScope"),
    "# Audit:\n\n",
    schema("AuditEntry"),
    schema("AuditExport"),
    "# Policy history:\n\n",
    schema("PolicyVersion"),
  ].join("");
  const files = {
    "lab/__init__.py": "",
    "lab/schemas.py": text,
    "lab/routers/__init__.py": "",
    // The shipping router prints barcode sheets for its parcels: that names the barcode run
    // `shipping` too, but the author filed it under samples.
    "lab/routers/shipping.py": "from ..schemas import BarcodeSheet, BarcodeLayout, Parcel, Courier, Pickup\n",
  };
  const p = await plan(files, "lab/schemas.py");
  const holding = holder(p);
  const json = JSON.stringify(p);
  assert.equal(holding("Courier"), holding("Parcel"), json);
  assert.equal(holding("BarcodeLayout"), holding("BarcodeSheet"), json);
  assert.notEqual(holding("BarcodeSheet"), holding("Parcel"), json);
  assert.notEqual(holding("BarcodeSheet"), holding("SampleRead"), json);
  // `PolicyVersion` carries the name `policy` itself: the same domain written in two places.
  assert.equal(holding("PolicyVersion"), holding("PolicyRule"), json);
  assert.notEqual(holding("AuditEntry"), holding("PolicyRule"), json);
});

test("a name two runs want goes to the run whose classes its importer uses most; the other keeps its own noun", async () => {
  const text = [
    "from pydantic import BaseModel\n\n\n",
    "# Labels:\n\n",
    schema("LabelPrint"),
    linked("LabelTemplate", "LabelPrint"),
    "# Deliveries:\n\n",
    schema("Delivery"),
    linked("DeliveryStop", "Delivery"),
    linked("Driver", "Delivery"),
    "# Vehicles:\n\n",
    schema("Van"),
    linked("VanService", "Van"),
  ].join("");
  const files = {
    "depot/__init__.py": "",
    "depot/schemas.py": text,
    "depot/routers/__init__.py": "",
    // The dispatch router prints labels for its deliveries: both runs would be named after it, and
    // the labels come first in the file.
    "depot/routers/dispatch.py": "from ..schemas import LabelPrint, LabelTemplate, Delivery, DeliveryStop, Driver\n",
    "depot/routers/fleet.py": "from ..schemas import Van, VanService\n",
  };
  const p = await plan(files, "depot/schemas.py");
  const json = JSON.stringify(p);
  assert.deepEqual(p.dispatch, ["Delivery", "DeliveryStop", "Driver"], json);
  assert.deepEqual(p.label, ["LabelPrint", "LabelTemplate"], json);
  assert.deepEqual(p.fleet, ["Van", "VanService"], json);
});

test("an abstract Django model goes with the manager and queryset it declares, not to `base` apart from them", async () => {
  const fk = (name: string, to: string) =>
    `class ${name}(models.Model):\n    ${to.toLowerCase()} = models.ForeignKey(${to}, on_delete=models.CASCADE)\n\n\n`;
  const text = [
    "from django.db import models\n\n\n",
    "class AssetQuerySet(models.QuerySet):\n    def tagged(self, tag):\n        return self.filter(tags__contains=tag)\n\n\n",
    "class AssetManager(models.Manager):\n    def get_queryset(self):\n        return AssetQuerySet(self.model, using=self._db)\n\n\n",
    "class Asset(models.Model):\n    name = models.CharField(max_length=50)\n    objects = AssetManager()\n\n    class Meta:\n        abstract = True\n\n\n",
    "# --- cameras ---\n\n",
    "class Camera(Asset):\n    sensor = models.CharField(max_length=20)\n\n\n",
    fk("CameraMount", "Camera"),
    fk("CameraStrap", "Camera"),
    "# --- lighting ---\n\n",
    "class Lamp(Asset):\n    watts = models.IntegerField()\n\n\n",
    fk("LampBulb", "Lamp"),
    fk("LampStand", "Lamp"),
    "# --- studios ---\n\n",
    "class Studio(models.Model):\n    city = models.CharField(max_length=50)\n\n\n",
    fk("Booking", "Studio"),
  ].join("");
  const p = await plan({ "kit/__init__.py": "", "kit/models.py": text }, "kit/models.py");
  const home = holder(p);
  const json = JSON.stringify(p);
  assert.equal(home("Asset"), home("AssetManager"), json);
  assert.equal(home("AssetQuerySet"), home("AssetManager"), json);
  assert.notEqual(home("Asset"), home("Camera"), json);
  assert.notEqual(home("Asset"), home("Lamp"), json);
  assert.notEqual(home("Camera"), home("Lamp"), json);
});
