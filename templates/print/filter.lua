-- Pandoc filter for the print Markdown → Typst step.

-- Line breaks inside data values arrive as <br> (they must not end a table row in Markdown).
function RawInline(el)
  if el.format == "html" and el.text:match("^<br%s*/?>$") then
    return pandoc.LineBreak()
  end
end

-- ::: warning … ::: becomes the #warning[…] box defined in main.typ.
function Div(el)
  if el.classes:includes("warning") then
    local blocks = {pandoc.RawBlock("typst", "#warning[")}
    for _, block in ipairs(el.content) do table.insert(blocks, block) end
    table.insert(blocks, pandoc.RawBlock("typst", "]"))
    return blocks
  end
end

-- Cells without an explicit alignment would inherit the centring pandoc wraps tables in.
function Table(tbl)
  for _, spec in ipairs(tbl.colspecs) do
    if spec[1] == "AlignDefault" then spec[1] = "AlignLeft" end
  end
  return tbl
end
