from llmcost.cli import main

main()
