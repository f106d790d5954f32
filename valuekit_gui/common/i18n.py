"""The interface language and a signal to relabel live, over the core's message table.

There is one translation mechanism (``valuekit.i18n``): this module only adds what a
live GUI needs — the current language and ``language_changed``. Every view looks its
labels up with ``tr(key)`` and connects ``language_changed`` to a ``retranslate()``
method, so switching the language in Settings relabels the open window. Views register
their own strings with ``add_strings({...})`` next to their code, into the same table
the core, the CLI and the document templates read.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from valuekit import i18n

LANGUAGES = i18n.LANGUAGES

# key: (中文, English), registered into the core table below
STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("ValueKit 价值工具箱", "ValueKit"),
    # navigation
    "nav.library": ("价值库", "Library"),
    "nav.opportunities": ("商机", "Opportunities"),
    "nav.pitches": ("方案呈现", "Pitches"),
    "nav.roi": ("ROI 测算", "ROI cases"),
    "nav.fab": ("FAB", "FAB"),
    "nav.spin": ("SPIN 问题库", "SPIN question bank"),
    "nav.customers": ("客户成功", "Customers"),
    "nav.insights": ("洞察", "Insights"),
    # menus and actions
    "menu.file": ("文件(&F)", "&File"),
    "menu.edit": ("编辑(&E)", "&Edit"),
    "menu.view": ("视图(&V)", "&View"),
    "menu.help": ("帮助(&H)", "&Help"),
    "action.open_library": ("打开价值库…", "&Open library…"),
    "action.new_library": ("新建价值库…", "&New library…"),
    "action.settings": ("设置…", "&Settings…"),
    "action.quit": ("退出", "&Quit"),
    "action.find": ("搜索", "&Find"),
    "action.new": ("新建", "&New"),
    "action.export": ("导出", "&Export"),
    "action.retire": ("停用所选", "&Retire selected"),
    "action.about": ("关于 ValueKit", "&About ValueKit"),
    "action.toolbar": ("工具栏", "Toolbar"),
    "about.text": (
        "ValueKit：离线的价值销售工具箱——价值库、FAB / SPIN / ROI 与七步方案呈现。",
        "ValueKit: an offline value-selling toolkit — value library, FAB / SPIN / ROI builders "
        "and the seven-step pitch."),
    # status bar
    "status.library": ("价值库：{path}", "Library: {path}"),
    "status.assets": ("{count} 条素材", "{count} assets"),
    "status.switched": ("已打开 {path}", "Opened {path}"),
    # settings
    "settings.title": ("设置", "Settings"),
    "settings.library": ("价值库位置", "Library location"),
    "settings.browse": ("选择…", "Choose…"),
    "settings.language": ("界面语言", "Interface language"),
    "settings.user": ("你的名字（创建人）", "Your name (creator)"),
    "settings.user_hint": ("新建素材、评分和验证时记录的名字",
                           "Recorded on assets you create, rate and verify"),
    "settings.pick_library": ("选择价值库文件夹", "Choose a library folder"),
    "settings.new_library": ("新价值库的文件夹", "Folder for the new library"),
    "lang.zh": ("中文", "中文 (Chinese)"),
    "lang.en": ("English（英文）", "English"),
    # errors
    "error.title": ("ValueKit 出错了", "ValueKit ran into a problem"),
    "error.user_title": ("无法完成", "Cannot do that"),
    "error.bug": ("发生了意外错误，已记录到 {log}。窗口可以继续使用。",
                  "Something unexpected went wrong. It was written to {log}; "
                  "you can keep working."),
    "error.open_failed": ("无法打开价值库：\n{message}\n\n请选择另一个文件夹。",
                          "This library cannot be opened:\n{message}\n\nPlease choose another folder."),
    # insights
    "insights.marketing": ("市场：素材表现", "Marketing: how the library performs"),
    "insights.sales": ("销售：我的商机与方案", "Sales: my opportunities and pitches"),
    "insights.total": ("在用素材", "Live assets"),
    "insights.verified": ("已验证", "Verified"),
    "insights.by_stage": ("按阶段", "By stage"),
    "insights.by_format": ("按形式", "By format"),
    "insights.most_used": ("最常用", "Most used"),
    "insights.highest_rated": ("评分最高", "Highest rated"),
    "insights.never_used": ("从未使用", "Never used"),
    "insights.unverified": ("未验证", "Unverified"),
    "insights.past_review": ("已过复审期", "Past review date"),
    "insights.untagged": ("缺少标签", "Untagged"),
    "insights.untagged_hint": ("缺少阶段、行业或角色", "Missing stage, industry or persona"),
    "insights.past_review_hint": ("复审日期已过，或一年未更新", "Review date passed, or unchanged for a year"),
    "insights.of_total": ("共 {total} 条，显示前 {shown} 条", "{total} in all, top {shown} shown"),
    "insights.uses": ("{n} 次", "{n}×"),
    "insights.rating": ("{score}/5 · {n} 人", "{score}/5 · {n}"),
    "insights.review_due": ("{date}", "{date}"),
    "insights.updated": ("{date}", "{date}"),
    "insights.refresh": ("刷新", "Refresh"),
    "insights.loading": ("正在统计…", "Counting…"),
    "insights.empty": ("（无）", "(none)"),
    "insights.owner": ("负责人：{name}", "Owner: {name}"),
    "insights.no_opportunities": ("你还没有商机。", "You have no opportunities yet."),
    "insights.facet.stage": ("阶段", "stage"),
    "insights.facet.industry": ("行业", "industry"),
    "insights.facet.persona": ("角色", "persona"),
    "insights.tab_marketing": ("市场", "Marketing"),
    "insights.tab_sales": ("销售", "Sales"),
    "insights.team": ("{name} 名下还没有商机，下面是团队的商机。",
                      "{name} owns no opportunities yet; these are the team's."),
    "insights.sales_open": ("进行中的商机", "Open opportunities"),
    "insights.sales_pipeline": ("商机金额", "Pipeline"),
    "insights.sales_ready": ("可发送的方案", "Pitches ready"),
    "insights.sales_gaps": ("有缺口的方案", "Pitches with gaps"),
    "insights.col_customer": ("客户 / 方案", "Customer / pitch"),
    "insights.col_owner": ("负责人", "Owner"),
    "insights.col_stage": ("阶段", "Stage"),
    "insights.col_deal": ("金额", "Deal size"),
    "insights.col_close": ("预计成交 / 更新", "Close / updated"),
    "insights.col_pitch": ("方案七步", "Pitch steps"),
    "insights.col_exports": ("导出次数", "Exports"),
    "insights.col_warnings": ("提醒", "Warnings"),
    "insights.steps": ("完整 {complete} · 单薄 {thin} · 缺失 {missing}",
                       "{complete} complete · {thin} thin · {missing} missing"),
    "insights.no_pitch": ("还没有方案", "no pitch yet"),
    "insights.open_hint": ("双击素材在价值库中打开", "Double-click an asset to open it in the library"),
}

i18n.register(STRINGS)

_current = "en"


class _Signals(QObject):
    language_changed = Signal(str)


_signals: _Signals | None = None


def signals() -> _Signals:
    """The object whose ``language_changed(str)`` fires after ``set_language``."""
    global _signals
    if _signals is None:
        _signals = _Signals()
    return _signals


def system_language() -> str:
    """zh when the system locale is Chinese (any region), else en."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def current_language() -> str:
    return _current


_qt_translator: QTranslator | None = None


def _use_qt_translations(lang: str) -> None:
    """Qt's own texts (the Yes/No/Cancel of a message box, a file dialog's labels) come
    from the catalogs PySide6 ships; without this a Chinese window asks "Yes / No"."""
    global _qt_translator
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang == "zh":
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translator = translator


def set_language(lang: str) -> None:
    """Switch the UI language and tell every open view to relabel itself."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    if lang != _current or (_qt_translator is None) != (lang != "zh"):
        _use_qt_translations(lang)
    if lang != _current:
        _current = lang
        signals().language_changed.emit(lang)


def add_strings(strings: dict[str, tuple[str, str]]) -> None:
    """Register a view's own (zh, en) strings; keys are namespaced by view, e.g. "roi.npv"."""
    i18n.register(strings)


def tr(key: str, lang: str | None = None, **values: object) -> str:
    """The text for ``key`` in the current (or given) language, formatted with ``values``.

    An unknown key shows as the key itself, so a missing string is visible, not a crash.
    """
    return i18n.t(key, lang or _current, **values)
