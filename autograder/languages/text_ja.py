"""採点システムが表示するすべての文の日本語版（text.py と同じ名前、同じ書式フィールド）。

`text.use("ja")` で、text.py の各名前がここの値に置き換わります。数を含む語句は text.py と同じく
(1 のとき, それ以外) の組で、数は {n} に入ります（日本語では両方とも同じ形です）。
用語は /work/shared/JA_GLOSSARY.md（課題、テスト、隠しテスト、採点、フィードバック、提出）に従います。
テストの結果は「合格」「不合格」と書きます。
"""

TESTS = ("テスト {n} 件", "テスト {n} 件")
HIDDEN_TESTS = ("隠しテスト {n} 件", "隠しテスト {n} 件")
WRITTEN_ANSWERS = ("記述式の解答 {n} 件", "記述式の解答 {n} 件")
POINTS = ("{n} 点", "{n} 点")
STUDENTS = ("学生 {n} 人", "学生 {n} 人")
HOURS = ("{n} 時間", "{n} 時間")
MINUTES = ("{n} 分", "{n} 分")
LESS_THAN_A_MINUTE = "1 分未満"
SUBMISSIONS = ("提出物 {n} 件", "提出物 {n} 件")
JOBS = ("並列数 {n}", "並列数 {n}")
HAND_GRADES = ("手採点 {n} 件", "手採点 {n} 件")
CELLS = ("セル {n} 個", "セル {n} 個")
EARLIER_ONES = ("それより前の提出 {n} 件は期限内", "それより前の提出 {n} 件は期限内")
NOT_WRITTEN = "NotImplementedError: 上の解答セルはまだ書かれていません"
BAD_STUDENT_ID = "フォルダー名 {student!r} は学生 ID として使えません（使える文字は英数字と _ . @ - だけです）"
FEEDBACK_FAILED = "採点は済みましたが、フィードバックのページを作れませんでした: {reason}"
MANUAL = "担当教員が手で採点します"
BY_HAND = "formgrader で手採点済み（コメントなし）"
HIDDEN_AT_GRADING = "隠しテスト: 提出物の採点時に実行されます"
CHECK_SUMMARY = ("公開テスト {passed}/{total} 件に合格しました（{points:g}/{max_points:g} 点）。"
                 "あとで採点されるもの: {hidden}（{hidden_points}）と{manual}（{manual_points}）。")
CHECK_NEW_INPUTS = ("採点時には、{tests}を、まだ見ていないランダムな入力でもう一度判定します。"
                    "ここにある入力にだけ合わせたコードは、採点では得点になりません。")
EVERY_VISIBLE_TEST = "すべての公開テスト"
THESE_VISIBLE_TESTS = "次の公開テスト（{names}）"
GRADED_SUMMARY = "{total}のうち {graded} 件を {seconds:.1f} 秒で採点しました（1 件あたり {per:.2f} 秒、{jobs}）"
OUTPUTS = "成績: {grades}\nテスト: {tests}\nフィードバック: {feedback}\nクラスのレポート: {report}"
REPORT_TITLE = "クラスのレポート: {assignment}"
REPORT_SUMMARY = "{total}のうち {graded} 件を採点しました。平均点は {max_score:g} 点満点中 {mean:.1f} 点、中央値は {median:.1f} 点です。"
REPORT_HAND = "得点には formgrader での{given}を含みます。手採点を待っているのは{waiting}です（{names}）。"
REPORT_HISTOGRAM = "得点の分布"
REPORT_SCORE_AXIS = "得点（{max_score:g} 点満点）"
REPORT_STUDENTS_AXIS = "学生数"
REPORT_PASS_RATE = "テストごとの合格率"
REPORT_PASS_AXIS = "採点できた提出物のうち合格した割合"
REPORT_NOT_GRADED = "採点できなかった提出物"
REPORT_TEST_TABLE = "テスト"
REPORT_MISTAKES = "よくある誤り"
REPORT_MISTAKES_INTRO = ("不合格のテストのうち、結果が既知の誤りの出す値とちょうど一致したものを、誤りごとに"
                         "多い順に並べました。学生ごとに、その誤りで失った点数を添えています。")
REPORT_MISTAKES_HEAD = ("誤り", "学生数", "該当する学生（失った点数）")
REPORT_MISTAKE_WHO = "{student}（{points:g}）"
REPORT_NO_MISTAKES = "既知の誤りの結果とちょうど一致した不合格のテストはありませんでした。"
REPORT_COURSE = "これまでの成績: 成績簿のすべての課題"
REPORT_COURSE_INTRO = ("各学生の課題ごとの得点です。formgrader と LMS 向けの書き出しと同じく、手採点を含み、"
                       "遅延の減点を引いた値です。- は未提出です。")
REPORT_COURSE_HEAD = ("学生", "合計")
CHECK_RUNNING = "{path} を採点と同じ方法で実行しています（数秒かかります）..."
CHECK_LINE = "  [{mark}] {test}（{points:g} 点）: {message}"
CHECK_PASSED_MARK, CHECK_FAILED_MARK, CHECK_LATER_MARK = "合格", "不合格", "採点時"
CHECK_PASSED = "合格"
VALIDATE_FAILED = "[{mark}] {test}（{points:g} 点）"
UNANSWERED = "未解答: セルは配布されたときのままです"
NOT_RECORDED = "このテストは実行されませんでした: あなたのコードの結果が記録されていません"
CELL_FAILED = "コードセル {cell}{name} で {error} が発生しました"
RAISED = "あなたのコードで {error} が発生しました"
RAISED_SENTENCE = "{error}"  # {error} がそれだけで一つの文のとき（testcell.describe_error）
REPLY_TOO_LONG = "結果が {mb} MB を超えていて、採点プログラムが読める大きさを超えています"
NOT_THE_NOTEBOOKS = "テストが関数に渡せるのはノートブック自身の関数だけで、{function} は渡せません"
REPLY_NOT_PLAIN = "{function} が単純なデータでないものを返しました（{reason}）"
UNJUDGEABLE = "あなたのコードの結果を判定できませんでした（{error}）。結果の形状と型を確かめてください"
KNOWN_MISTAKE = "あなたの結果は、{function} の既知の誤りが出す結果とちょうど一致します: {mistake}。"
SENTENCE_BREAK = "。"  # between a test's message and KNOWN_MISTAKE
DID_NOT_RUN = "このテストは実行されませんでした: {reason}"
ANSWER_FAILED = "解答セル {grade_id} で {error} が発生しました。このセルで定義するもののテストも、あわせて不合格になります"
TEST_FAILED = "TestFailed"
NOTES_TITLE = "採点システムからの注記"
SANDBOX_WARNING = "警告: {warning}"
INTERNAL_ERROR = "この提出物の採点中に採点システムが失敗しました（{error}）。ほかの提出物は採点済みです。この問題を報告してください。"
CANARY_FAILED = ("誰も採点していません: コースの模範解答（{notebook}）を {assignment} の提出物として同じ条件で"
                 "採点したところ、自動採点の満点になりませんでした。壊れているのは学生の解答ではなく、"
                 "ここでの採点そのものです:\n{problems}")
CANARY_TEST = "{tests} が不合格: {message}"
CANARY_MODULE = ("カーネルが {name} を import できませんでした。採点システム自身の Python は {where} から"
                 "import しています。サンドボックスがカーネルに見せるのは、Python 本体とカーネル用にコピーした"
                 "モジュールだけです")
CANARY_MODULE_NOWHERE = "カーネルが {name} を import できず、採点システムの Python（{python}）もできません: インストールしてください"
# ---------------------------------------------------------------- a grading run's arguments (grade.py)
UNKNOWN_ASSIGNMENT = "{root}/source に課題 {assignment!r} はありません。ある課題: {known}"
BAD_JOBS = "--jobs は 1 以上にしてください（{jobs} が指定されました）"
NO_SUBMISSIONS_FOLDER = "フォルダーがありません: {folder}"
NO_SUBMISSIONS = ("{folder} に提出物がありません: 学生ごとのフォルダー（{folder}/<student>/{assignment}.ipynb、"
                  "または nbgrader の submitted/ と同じ {folder}/<student>/{assignment}/{assignment}.ipynb）か、"
                  "学生の名前を付けたノートブックだけ（{folder}/<student>.ipynb）を置いてください")
OUT_IS_FILE = "--out {out} はフォルダーではなくファイルです"
OUT_HOLDS_SUBMISSIONS = "--out {out} は提出物のフォルダーそのものか、それを含んでいます。別のフォルダーを指定してください"
OUT_NOT_OURS = "--out {out} には採点結果ではないファイルがあります。新しいフォルダーか空のフォルダーを指定してください"
OUT_UNWRITABLE = "--out {out} に書き込めません: {error}"
SKIPPED = "学生のものではないので飛ばしました: {names}"
SKIPPED_HIDDEN = "隠しファイル、またはツールが残したもの"
SKIPPED_OUT = "採点結果"
SKIPPED_LOOSE = "学生のフォルダーと並んで置かれたノートブック"
NOT_HANDED_IN = "{assignment} は未提出で、ほかの課題だけを提出しているので採点しません: {names}"
MOVED_ASIDE = "{out} にあった以前の採点結果を {aside} に移しました"
FORGED_SUBMISSION = ("{folder} を拒否しました: {student} の提出とされていますが、所有者は {owners} です。"
                     "これは取得せず、{student} 本人の提出物はいつもどおり取得しました")
NO_COURSE_ID = "コース ID が指定されていません。--course を付けて実行し直してください"
NO_INBOUND = "コースの inbound フォルダーがありません: {folder}"
INBOUND_UNREADABLE = "コースの inbound フォルダーを読む権限がありません: {folder}"
UNSAFE_SUBMISSION = ("{folder} を拒否しました: 取得がたどることもコピーすることもしないものが入っています（{what}）。"
                     "これは取得せず、{student} のほかの提出物はいつもどおり取得しました")
UNREADABLE_SUBMISSION_NAME = ("{folder} を拒否しました: 名前が nbgrader の提出の作る <学生>+<課題>+<時刻>+<乱数> の形では"
                              "ありません（{error}）。これは取得していません")
KIND_LINK = "シンボリックリンク"
KIND_FIFO = "名前付きパイプ"
KIND_DEVICE = "デバイス"
KIND_SOCKET = "ソケット"
KIND_OTHER = "ファイルでもフォルダーでもないもの"
KIND_NOT_OWNED = "所有者が {owner}"
FILE_TOO_LARGE = "{path} を除きました: {limit} バイトを超えています（c.CourseDirectory.max_file_size）"
FEEDBACK_NOT_RELEASED = "未返却 {student}: フィードバックを返却できませんでした（{reason}）"
FEEDBACK_SOME_NOT_MADE = ("nbgrader generate_feedback は一部のページを作れませんでした。ほかのページは作成して"
                          "返却しました:\n{output}")
RELEASE_REFUSED = ("{assignment} の配布を拒否しました: release/{assignment} に教員用の内容があります"
                   "（nbgrader generate_assignment、formgrader の Generate はこのように作ります）:\n  {leaks}\n"
                   "配布物は次のコマンドで作ってください: python -m autograder release {assignment} --course {root}")
FEEDBACK_STEP_FAILED = "nbgrader {step} が失敗したので、その先は何もしていません:\n{output}"
FEEDBACK_RELEASED = "フィードバックを返却しました: {student} {max_score:g} 点中 {score:g} 点{waiting}"
FEEDBACK_WAITING = "（記述式の解答はまだ手採点されていません）"
FEEDBACK_PROVISIONAL = ("**暫定の合計点です。** 手採点を待っているもの: {cells}。手採点が済むまで、"
                        "上の合計ではそれぞれ 0 点として数えています。")
FEEDBACK_WAITING_CELL = "*{grade_id}（{points}）は手採点を待っています。上の 0 点はまだ評価ではありません。*"
FEEDBACK_PAGE = (
    '">遅延提出による減点 (得点: ',
    ' (得点: ',
    '">タスク</a>',
    '">コメント</a>',
    '      得点: ',
    '<a href="#top">（先頭へ）</a>',
    '>学生の解答</span>',
    '>学生のタスク</span>',
    '>採点セル: <code>',
    '>タスク: <code>',
    '<b>コメント:</b>',
)
FEEDBACK_TOC_SCORE = "{points}中 {score:g} 点"
FEEDBACK_TOC_PASSED = "合格"
FEEDBACK_TOC_WAITING = "手採点待ち"
FEEDBACK_TOC_SEE_CELL = "下のセルを参照してください"
LATE_NOTE = "締め切りから {late}遅れて提出されました（交換フォルダーの時刻による）。遅延による減点: {penalty:g} 点"
REPORT_LATE = "締め切り後の提出: {names}。"
REPORT_LATE_ONE = "{student}（{late}の遅れ、減点 {penalty:g}）"
COLLECTED_LATE = ("遅延 {student}: 取得した提出物は締め切りから {late}遅れたものです"
                  "（{on_time}。c.ExchangeCollect.before_duedate = True にすると、期限内の最後の提出を取得します）")
EXPORT_NO_ASSIGNMENTS = "成績簿にまだ課題がありません。先に課題を配布して採点してください"
EXPORT_FEEDBACK_COLUMN = "{assignment} のフィードバック"
HELP_EXPORT_ASSIGNMENTS = "書き出す課題（課題ごとに 1 列。既定: 成績簿のすべての課題）"
EXPORT_NO_SUBMISSION = "未提出"
EXPORT_WAITING = "記述式の解答が未採点です。得点はまだ上がる可能性があります"
EXPORT_LATE = "{late}の遅れ、減点 {penalty:g} 点"
EXPORT_NO_ASSIGNMENT = "成績簿に課題 {assignment!r} がありません。先に配布と採点をしてください"
EXPORT_WRITTEN = "{path} を書き出しました（{fmt}、{students}、{assignments}）"
EXPORT_STILL_WAITING = "{assignment}: 手採点待ち（記述式の解答は今のところ 0 点）: {students}: {names}"
ROSTER_LINE = "{path} の {number} 行目: {problem}"
ROSTER_FORMAT = ('"<instructor|student> <user> [名] [姓] [メールアドレス]" の形になっていません'
                 '（空白を含む名前は "Mary Ann" のように引用符で囲んでください）')
ROSTER_ENROLLED = "{roster} の{students}を、名前とともに {course} の成績簿に登録しました"
LINKED_FOLDER = "提出フォルダー {student!r} はシンボリックリンクなので、読みませんでした"

# ---------------------------------------------------------------- submissions read and repaired (normalize.py)
# reading a file
EMPTY = "{name} は空です"
TOO_BIG = ("{name} は {size:.0f} MB あり、大きすぎて採点できません（上限は {limit:.0f} MB）。"
           "出力を消して（Kernel → Restart Kernel and Clear All Outputs）保存し、もう一度提出してください")
NOT_JSON = "{name} はノートブックではありません: JSON ではありません（{line} 行 {column} 列: {error}）"
HTML = ("{name} はノートブックではありません: ブラウザーから保存したと思われるウェブページ（HTML）です。"
        "File → Download でノートブックそのものをダウンロードしてください")
NOT_NOTEBOOK = "{name} はノートブックではありません: JSON ですが、セルのリストがありません"
UNREADABLE = "{name} を読めませんでした: {error}"
ENCODING = "{name} は UTF-8 で保存されていないので、{encoding} として読みました"
UPGRADED = "{name} は古いノートブック形式 {version} なので、形式 4 に変換しました"
DAMAGED = "{name} はノートブック形式に従っていません（{error}）。セルはそのまま読みました"
UNKNOWN_VERSION = "既知の形式バージョンではありません: {version!r}"
CELLS_LEFT_OUT = "{name}: {cells}を読めなかったので除きました"
# finding the notebook
NO_NOTEBOOK = "提出フォルダーに {expected} が見つかりません"
RENAMED = "{found} を {expected} として採点しました（ノートブックの名前か場所が変えられていました）"
LINK_IGNORED = "{name} はノートブックのファイルではなくシンボリックリンクなので、読みませんでした"
OTHERS_IGNORED = ("{graded} を採点し、提出フォルダーにあるほかのノートブックは無視しました: {names}"
                  "（規則: {expected} という名前のノートブック、なければ最も新しいもの）")
# rebuilding it
UNREADABLE_GRADED = "そのため、すべて未解答の配布時のままとして採点しました"
NO_SUBMISSION = "ノートブックが提出されていないので、すべて未解答の配布時のままとして採点しました"
FIXED_COPIES = "セル {grade_id} が {count} 回現れました。最初のものだけを残し、複製は除きました"
FIXED_EDITED = "セル {grade_id} が変更されていたので、課題のものを代わりに実行しました"
SETTINGS_EDITED = "{grade_id} の採点設定が変更されていたので、課題の設定を使いました"
TEST_RESTORED = "テストのセル {grade_id} がなかったので、課題から復元しました。減点はありません"
CELL_RESTORED = "セル {grade_id} がなかったので、課題から復元しました"
ANSWER_COPIES = ("解答セル {grade_id} が {count} 回現れました。すべてを順に実行し、"
                 "最後のものをあなたの解答として採点しました")
ANSWER_TYPE = "解答セル {grade_id} が {was} セルに変えられていましたが、{now} として実行しました"
ANSWER_MATCHED = ("解答セル {grade_id} の採点設定が失われていたので、{names} を定義している{cell}を"
                  "あなたの解答としました")
ANSWER_MISSING = "解答セル {grade_id} が見つからないので、未解答として採点しました"
ANSWER_MISSING_DEFINED = ("解答セル {grade_id} が見つからないので未解答として採点しましたが、"
                          "ほかのセルにあるあなた自身の {names} の定義はテストで使いました")
MALFORMED = "{cell}の採点設定が壊れているので（{problem}）、普通のセルとして実行しました"
UNKNOWN_ID = "{cell}には、この課題にない {grade_id!r} という印が付いているので、普通のセルとして実行しました"
CELL = 'セル {number}（"{start}"）'
NOT_A_DICT = "フィールドの集まりになっていません"
NO_GRADE_ID = "grade_id がありません"
NOT_A_FLAG = "'{key}' が true でも false でもありません"
POINTS_NOT_NUMBER = "'points' が数ではありません"

# ---------------------------------------------------------------- running student code (sandbox.py)
CELL_TOO_LONG = "コードセル {cell} の実行が {seconds:g} 秒を超えたので止めました"
RUN_TOO_LONG = "全体の実行が {seconds:g} 秒を超えたので止めました"
DIED = "コードセル {cell} の実行中に Python のプロセスが異常終了しました（{why}）"
WHY_EXIT = "終了コード {code}: os._exit でしょうか"
WHY_SIGNAL = "{name}: コンパイル済みのコードのクラッシュでしょうか"
WHY_KILLED = "SIGKILL: メモリー不足でしょうか。上限は {gb:.1f} GB です"
WHY_SILENT = "採点システムとの通信路を閉じました"
NOT_STARTED = "Python のプロセスを開始できませんでした（終了コード {code}）: {output}"
OUTPUT_CUT = "\n[... 出力のうち残り {cut:,} バイトは保存していません]"
OUTPUT_LINES_CUT = "[... 出力のうち残り {cut:,} 行は保存していません]"
NO_SANDBOX = "サンドボックスなし: {reason}。学生のコードは採点システムと同じ権限で、隔離されずに実行されました"
NO_BWRAP = "bwrap がインストールされていません（root で deploy/install_sandbox.sh を実行してください）"
BWRAP_FAILS = "bwrap はインストールされていますが、ここでは動きません（{error}）"
WHY_OUT_OF_MEMORY = "メモリー不足: プロセスの合計が上限の {gb:.1f} GB に達しました"

# ---------------------------------------------------------------- the limits of a run (sandbox.py, cgroup.py)
LIMITS = ("提出物ごとの制限: セルあたり {cell:g} 秒、全体で {total:g} 秒、プロセス {processes} 個、"
          "メモリー {gb:.1f} GB を{scope}")
LIMITS_TOGETHER = "すべてのプロセスの合計で（コントロールグループ）"
LIMITS_EACH = "プロセスごとに（{reason}）"
WHY_SIGKILL = "SIGKILL。採点システムによるものでも、メモリー不足によるものでもありません"
CGROUP_NOT_ROOT = "コントロールグループなし: 作れるのは root だけです"
CGROUP_NONE = "コントロールグループなし: 書き込める memory と pids のコントローラーが見つかりません"
CGROUP_FAILS = "コントロールグループなし: 作成に失敗しました（{error}）"

# ---------------------------------------------------------------- the command line (cli.py)
HELP_DESCRIPTION = "課題の配布、クラスの採点、フィードバックの返却、成績の書き出し、ノートブックの自己チェックを行います。"
HELP_COURSE = "nbgrader のコースのルート（既定: {default}）"
HELP_LANG = ("メッセージ、フィードバックのページ、レポートの言語: en または ja（既定: コースの c.Course.language。"
             "check ではノートブックの版）")
HELP_RELEASE = "学生用の版を作り、教員用の内容が漏れていないか確かめる"
HELP_GRADE = "提出物のフォルダーを自動採点し、成績、フィードバック、レポートを書き出す"
HELP_GRADE_EPILOG = ("終了ステータス: 0 すべて採点済み、1 採点できないフォルダーがあった、2 引数の誤り"
                     "（何もしていない）、3 コースの模範解答が減点された（誰も採点していない）")
HELP_SUBMISSIONS = ("<student>/<assignment>.ipynb か <student>/<assignment>/<assignment>.ipynb を含むフォルダー、"
                    "または <student>.ipynb という名前のノートブックだけを含むフォルダー")
HELP_GRADE_OUT = "結果の書き出し先（既定: grading_output）"
HELP_JOBS = "並列に採点する提出物の数（既定: {default}）"
HELP_SECONDS = "学生のコードのセルがこれより長く実行されたら止める（既定: {default:g}）"
HELP_REQUIRE_SANDBOX = "学生のコードをサンドボックスで実行できない環境では採点しない"
HELP_FEEDBACK = "（手）採点のあと、全学生のフィードバックを作り直して返却する"
HELP_EXCHANGE = "nbgrader の交換フォルダー（既定: nbgrader の設定から）"
HELP_EXPORT = "成績簿の成績（手採点と遅延を含む）を LMS 向けに書き出す"
HELP_FORMAT = "Moodle か Canvas の成績インポート形式、またはすべての列（既定: csv）"
HELP_EXPORT_OUT = "書き出すファイル（既定: <assignment>_<format>.csv、複数の課題なら grades_<format>.csv）"
HELP_ROSTER = "名簿の学生を、名前とともに成績簿に登録する"
HELP_ROSTER_FILE = '"<instructor|student> <user> [名] [姓] [メールアドレス]" の行'
HELP_CHECK = "ノートブックの自己チェック: 採点と同じ方法で実行し、公開テストの結果を一覧にする"
HELP_NOTEBOOK = "チェックするノートブック"
HELP_DEMO = "配布し、典型的な誤りを含むデモのクラスを採点して、表を表示する"
HELP_DEMO_OUT = "デモのコース、クラス、結果の置き場所（既定: demo_output）"
HELP_REFERENCE = "課題の参照データをソースのノートブックから作り直す（何を作るかは課題の ref/reference.py が決める）"
HELP_DEMO_ASSIGNMENT = "デモのクラスを採点する課題（既定: コースの c.Course.demo_assignment）"
NO_REFERENCE_RECIPE = "{assignment} には作る参照データがありません: {path} がありません。何も書き出していません。"
RELEASED = "{assignment} を {path} に配布しました。漏洩チェックに合格しました"
NO_SANDBOX_REFUSED = "サンドボックスなし: {reason}"
NO_SUCH_NOTEBOOK = "ノートブックがありません: {path}"
REFERENCE_WRITTEN = "{path} を書き出しました"

# ---------------------------------------------------------------- releasing (release.py)
GENERATE_FAILED = "nbgrader generate_assignment が失敗しました:\n{log}"
NO_EDITION = "{assignment} の {language} 版がありません：{path} が見つかりません"
LEAKS = "配布物に教員用の内容が漏れています。配布しないでください:\n  {leaks}"
LEAK_FILE = "配布物に教員用のファイルがあります: {path}"
LEAK_MARKER = "配布されるノートブックに印 '{marker}' があります"
LEAK_LINE = "配布物に解答または隠しテストの行があります: {line!r}"

# ---------------------------------------------------------------- the instructor's own files and the grader's faults
CHECK_CALLS = "テストのセル {grade_id} が check() を {calls} 回呼びました。1 回のはずです"
CATALOGUE_SAME_NAME = "{path}: 同じ名前の誤りが 2 つあります"
CATALOGUE_UNKNOWN_DEMO = "{path}: DEMO に、MISTAKES にない誤りの名前があります: {names}"
CATALOGUE_NO_WORDS_FILE = "{path} がありません。既知の誤りすべての説明が必要です: {names}"
CATALOGUE_WORDS_MISSING = "{path} に次の既知の誤りの説明がありません: {names}"
CATALOGUE_WORDS_EXTRA = "{path} に、カタログにない誤りの説明があります: {names}"
CATALOGUE_EDIT = "書き換え {old!r} がセル {grade_id} に {count} 回現れます。1 回のはずです"
NOT_IN_AUTOGRADE = "GradeOutsideTheKernel は nbgrader の Autograde の中でだけ動きます"
CGROUP_VANISHED = "グループを作っている間に {folder} が 10 回消えました"
PROGRESS = "採点中 [{bar}] {done}/{total} {seconds:5.1f} 秒"
UNKNOWN_ERROR = "不明なエラー"
NO_OUTPUT = "出力なし"
EXIT_CODE = "終了コード {code}"

# ---------------------------------------------------------------- the demo (demo.py)
DEMO_SOLUTION = "なし: 模範解答"
DEMO_BLANK = "何も書いていない"
DEMO_COLUMNS = ("学生", "得点", "手採点", "誤り、および不合格のテスト")
DEMO_FAILED = "不合格: {tests}"
DEMO_FAILED_NONE = "なし"
DEMO_BY_HAND = "「手採点」: formgrader で教員の採点を待っている記述式の解答の点数。"
DEMO_RELEASED = "{assignment} を配布しました: {path}（漏洩チェックに合格）"
DEMO_FINISHED = "デモは {seconds:.1f} 秒で終わりました。{report} を開いてください"
