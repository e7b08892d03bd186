# manpage.cmake - writes masseflyt(1) in roff from the program's help
# texts: `MF --help` for the synopsis, description and options, and
# `MF help COMMAND` for each command the overview lists, in English
# (--lang en, whatever the locale of the build).
#
#   cmake -DMF=path/to/masseflyt -DOUT=masseflyt.1 -DVERSION=x.y.z -P manpage.cmake

# Text as roff: backslashes doubled, a leading dot or quote escaped, and
# each line kept as it is (the help texts are laid out already).
function(roff_text in out)
    string(REPLACE "\\" "\\e" t "${in}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" t "${t}")
    string(REPLACE "-" "\\-" t "${t}")
    set(${out} "${t}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${MF} --lang en --help OUTPUT_VARIABLE overview
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${MF} --help failed")
endif()

# The commands: the lines "  NAME  summary" after "Commands:".
string(REGEX MATCH "Commands:\n(( +[a-z-]+ +[^\n]*\n)+)" block "${overview}")
string(REGEX MATCHALL "\n +[a-z-]+ " names "\n${CMAKE_MATCH_1}")

roff_text("${overview}" overview_roff)
set(page ".TH MASSEFLYT 1 \"\" \"masseflyt ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\nmasseflyt \\- plan the reuse of clean surplus soil and rock\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${overview_roff}.fi\n")
string(APPEND page ".SH COMMANDS\n")
foreach(n ${names})
    string(STRIP "${n}" name)
    execute_process(COMMAND ${MF} --lang en help ${name} OUTPUT_VARIABLE text
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${MF} help ${name} failed")
    endif()
    roff_text("${text}" text_roff)
    string(APPEND page ".SS ${name}\n.nf\n${text_roff}.fi\n")
endforeach()
string(APPEND page ".SH FILES\n.TP\n.I PREFIX/share/masseflyt\n"
    "The data folder of an installed program: materials, rules, factors,\n"
    "aliases and the demo region (\\fB\\-\\-data\\fR or \\fBMASSEFLYT_DATA\\fR\n"
    "name another).\n")
string(APPEND page ".SH SEE ALSO\nThe documentation in the source tree: "
    "README.md and docs/.\n")
file(WRITE ${OUT} "${page}")
